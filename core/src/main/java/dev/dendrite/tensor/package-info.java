/**
 * Float32 n-dimensional arrays ({@link dev.dendrite.tensor.Tensor}) with shapes,
 * strides and free views, plus the seeded random source
 * ({@link dev.dendrite.tensor.Rng}) used everywhere randomness is needed.
 */
package dev.dendrite.tensor;
