/**
 * An optional native GEMM: {@link dev.dendrite.blas.OpenBlasGemm} calls the
 * system's OpenBLAS {@code cblas_sgemm} through the Foreign Function and Memory
 * API, and {@link dev.dendrite.blas.OpenBlasGemmProvider} offers it to
 * {@link dev.dendrite.tensor.kernel.Kernels} under the name {@code openblas}.
 * Dendrite itself never needs it; it is a yardstick and an escape hatch.
 */
package dev.dendrite.blas;
