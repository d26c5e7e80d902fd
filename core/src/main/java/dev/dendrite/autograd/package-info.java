/**
 * Reverse-mode automatic differentiation: {@link dev.dendrite.autograd.Var}
 * (graph nodes over tensors), {@link dev.dendrite.autograd.Parameter} (trainable
 * weights), {@link dev.dendrite.autograd.Gradients} (what backward returns), and
 * {@link dev.dendrite.autograd.GradCheck} / {@link dev.dendrite.autograd.FiniteDifference}
 * (derivatives by nudging inputs, the reference every gradient is tested against).
 */
package dev.dendrite.autograd;
