package dev.dendrite.tensor.kernel;

/**
 * The readable reference GEMM: plain loops, no blocking, no SIMD. Every faster
 * kernel is tested against it. Inner loops run over contiguous memory where the
 * layout allows, so it is slow but not pathological.
 */
public final class ScalarGemm implements Gemm {

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0f;
                }
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        if (!transB) {
            // C[i, :] += alpha * A[i, p] * B[p, :]: the inner loop walks rows of B and C.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    if (aip == 0f) {
                        continue;
                    }
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else {
            // C[i, j] += alpha * dot(op(A)[i, :], B[j, :]): B's rows are contiguous.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    if (transA) {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * lda + i] * b[bj + p];
                        }
                    } else {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) {
                            s += a[ai + p] * b[bj + p];
                        }
                    }
                    c[ci + j] += alpha * s;
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
