package dev.dendrite.tensor.kernel;

/**
 * Single-precision general matrix multiply on row-major arrays, with the BLAS
 * contract: {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is
 * {@code X} or its transpose. {@code op(A)} is {@code [m, k]}, {@code op(B)} is
 * {@code [k, n]} and {@code C} is {@code [m, n]}; {@code lda}, {@code ldb} and
 * {@code ldc} are the row strides of the arrays as stored. Backpropagation needs
 * {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ}; the flags give all three without
 * materialising a transpose.
 *
 * <p>When {@code beta} is zero, {@code C} is not read (it may hold garbage or NaN).
 */
public interface Gemm {

    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOffset, int lda,
               float[] b, int bOffset, int ldb,
               float beta, float[] c, int cOffset, int ldc);

    /** A short name for logs and benchmarks, e.g. {@code "scalar"}. */
    String name();
}
