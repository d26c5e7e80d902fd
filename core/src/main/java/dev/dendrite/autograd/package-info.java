/**
 * Reverse-mode automatic differentiation: {@link dev.dendrite.autograd.Var}
 * (graph nodes over tensors, or integer ids for index inputs),
 * {@link dev.dendrite.autograd.Parameter} (trainable weights),
 * {@link dev.dendrite.autograd.Gradients} (what backward returns: dense tensors,
 * or {@link dev.dendrite.autograd.RowSparse} rows for embedding lookups), and
 * {@link dev.dendrite.autograd.GradCheck} / {@link dev.dendrite.autograd.FiniteDifference}
 * (derivatives by nudging inputs, the reference every gradient is tested against).
 */
package dev.dendrite.autograd;
