/**
 * Layers and models: the {@link dev.dendrite.nn.Layer} contract (parameters,
 * non-trainable {@link dev.dendrite.nn.Buffer}s, shape inference), the layers
 * ({@link dev.dendrite.nn.Dense}, {@link dev.dendrite.nn.Activation},
 * {@link dev.dendrite.nn.Dropout}, {@link dev.dendrite.nn.Embedding},
 * {@link dev.dendrite.nn.BatchNorm}, {@link dev.dendrite.nn.LayerNorm}, the convolution and pooling
 * layers, {@link dev.dendrite.nn.Merge}), the two ways
 * to compose them ({@link dev.dendrite.nn.Sequential} and the functional
 * {@link dev.dendrite.nn.Graph} with named float and index inputs), the one
 * place that fuses adjacent layers ({@link dev.dendrite.nn.Fusion}), model
 * {@link dev.dendrite.nn.Summary summaries}, weight initialisers
 * ({@link dev.dendrite.nn.Init}) and the {@link dev.dendrite.nn.LayerTypes} table
 * that rebuilds layers from model files, to which users add their own types.
 */
package dev.dendrite.nn;
