/**
 * Layers: the {@link dev.dendrite.nn.Layer} contract, {@link dev.dendrite.nn.Dense},
 * {@link dev.dendrite.nn.Activation}, {@link dev.dendrite.nn.Dropout},
 * {@link dev.dendrite.nn.Sequential}, weight initialisers ({@link dev.dendrite.nn.Init})
 * and the table that rebuilds layers from model files ({@link dev.dendrite.nn.Layers}).
 */
package dev.dendrite.nn;
