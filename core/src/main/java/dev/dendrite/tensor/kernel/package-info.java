/**
 * The only place with raw numeric loops: the GEMM contract and its scalar
 * reference, element-wise and reduction loops, and the Vector API kernels that
 * speed them up. {@link dev.dendrite.tensor.kernel.Kernels} picks the
 * implementations once at start-up.
 */
package dev.dendrite.tensor.kernel;
