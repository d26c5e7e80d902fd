package dev.dendrite.tensor.kernel;

/**
 * Batch normalisation over {@code [n, c, s]} arrays ({@code s} = the spatial
 * size, 1 for plain features), one channel per task on {@link GemmPool}'s
 * threads. Training: {@code mean} and biased {@code var} of each channel over
 * its {@code m = n s} values (sums in double), {@code y = gamma (x - mean) istd + beta}
 * with {@code istd = 1 / sqrt(var + eps)}, optionally followed by a ReLU in the
 * same sweep. Backward, from the output gradient {@code dy} (masked where the
 * fused ReLU's input {@code x scale + shift} is not positive, recomputed from
 * {@code x} exactly as the forward pass computed it) and {@code xhat = (x - mean) istd}
 * recomputed from {@code x}: {@code dbeta = sum dy}, {@code dgamma = sum dy xhat}
 * and {@code dx = gamma istd (dy - dbeta / m - xhat dgamma / m)} when the
 * statistics are the batch's, {@code dx = gamma istd dy} when they are fixed
 * (evaluation). One pass for the mean, one for the variance, one for the output
 * (a channel's values, 400 KB for 128 images of 28x28, stay in L2 between
 * them); two for the gradient. The plain loops here are the specification;
 * {@link VectorBatchNorm} runs them on the Vector API for planes of at least
 * one vector.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /**
     * Normalises {@code x} into a new output. With {@code batchStats} the batch's statistics
     * are computed and written to {@code mean} and {@code var} (biased); otherwise
     * {@code mean} and {@code var} are used as given.
     */
    public static float[] forward(float[] x, int n, int c, int s, float[] mean, float[] var, boolean batchStats,
                                  float[] gamma, float[] beta, float eps) {
        return forward(x, n, c, s, mean, var, batchStats, gamma, beta, eps, false);
    }

    /** {@link #forward}, followed by {@code max(y, 0)} in the same sweep when {@code relu}. */
    public static float[] forward(float[] x, int n, int c, int s, float[] mean, float[] var, boolean batchStats,
                                  float[] gamma, float[] beta, float eps, boolean relu) {
        return forward(x, n, c, s, mean, var, batchStats, gamma, beta, eps, relu, Kernels.SIMD);
    }

    static float[] forward(float[] x, int n, int c, int s, float[] mean, float[] var, boolean batchStats,
                           float[] gamma, float[] beta, float eps, boolean relu, boolean simd) {
        float[] y = Workspace.take(n * c * s);
        boolean vector = simd && VectorBatchNorm.covers(s);
        double m = (double) n * s;
        Conv2dKernels.parallel(c, (long) n * c * s, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                if (batchStats) {
                    double mu = (vector ? VectorBatchNorm.sum(x, n, c, s, ch) : sum(x, n, c, s, ch)) / m;
                    double sq = vector ? VectorBatchNorm.squaredDeviations(x, n, c, s, ch, (float) mu)
                            : squaredDeviations(x, n, c, s, ch, mu);
                    mean[ch] = (float) mu;
                    var[ch] = (float) (sq / m);
                }
                float istd = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                float scale = gamma[ch] * istd;
                float shift = beta[ch] - mean[ch] * scale;
                if (vector) {
                    VectorBatchNorm.apply(x, y, n, c, s, ch, scale, shift, relu);
                } else {
                    apply(x, y, n, c, s, ch, scale, shift, relu);
                }
            }
        });
        return y;
    }

    /**
     * The gradients {@code {dx, dgamma, dbeta}} (dx null unless wanted) for the statistics
     * {@code mean}, {@code var} that the forward pass used; {@code batchStats} says whether
     * they were the batch's own (then they depend on {@code x} too).
     */
    public static float[][] backward(float[] x, float[] dy, int n, int c, int s, float[] mean, float[] var,
                                     boolean batchStats, float[] gamma, float eps, boolean wantX) {
        return backward(x, dy, null, n, c, s, mean, var, batchStats, gamma, eps, wantX);
    }

    /**
     * {@link #backward} of the normalisation fused with a ReLU when {@code reluBeta} (the
     * forward pass's {@code beta}) is given: {@code dy} reaches the normalisation only where the
     * normalised value was positive, recomputed from {@code x} (reading the output back would
     * be one more full-size array per pass).
     */
    public static float[][] backward(float[] x, float[] dy, float[] reluBeta, int n, int c, int s, float[] mean,
                                     float[] var, boolean batchStats, float[] gamma, float eps, boolean wantX) {
        return backward(x, dy, reluBeta, n, c, s, mean, var, batchStats, gamma, eps, wantX, Kernels.SIMD);
    }

    static float[][] backward(float[] x, float[] dy, float[] reluBeta, int n, int c, int s, float[] mean,
                              float[] var, boolean batchStats, float[] gamma, float eps, boolean wantX,
                              boolean simd) {
        float[] dgamma = new float[c];
        float[] dbeta = new float[c];
        float[] dx = wantX ? Workspace.take(n * c * s) : null;
        boolean vector = simd && VectorBatchNorm.covers(s);
        double m = (double) n * s;
        Conv2dKernels.parallel(c, (long) n * c * s, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float mu = mean[ch];
                float istd = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                // the forward pass's scale and shift, computed the same way, for the ReLU's mask
                boolean relu = reluBeta != null;
                float scale = gamma[ch] * istd;
                float shift = relu ? reluBeta[ch] - mean[ch] * scale : 0f;
                double[] sums = vector ? VectorBatchNorm.gradientSums(x, dy, relu, scale, shift, n, c, s, ch, mu, istd)
                        : gradientSums(x, dy, relu, scale, shift, n, c, s, ch, mu, istd);
                dbeta[ch] = (float) sums[0];
                dgamma[ch] = (float) sums[1];
                if (dx == null) {
                    continue;
                }
                float k = gamma[ch] * istd;
                float a = batchStats ? (float) (sums[0] / m) : 0f;
                float b = batchStats ? (float) (sums[1] / m) : 0f;
                if (vector) {
                    VectorBatchNorm.gradInput(x, dy, relu, scale, shift, dx, n, c, s, ch, mu, istd, k, a, b);
                } else {
                    gradInput(x, dy, relu, scale, shift, dx, n, c, s, ch, mu, istd, k, a, b);
                }
            }
        });
        return new float[][] {dx, dgamma, dbeta};
    }

    private static double sum(float[] x, int n, int c, int s, int ch) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            for (int q = 0; q < s; q++) {
                sum += x[o + q];
            }
        }
        return sum;
    }

    private static double squaredDeviations(float[] x, int n, int c, int s, int ch, double mu) {
        double sq = 0;
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            for (int q = 0; q < s; q++) {
                double d = x[o + q] - mu;
                sq += d * d;
            }
        }
        return sq;
    }

    private static void apply(float[] x, float[] y, int n, int c, int s, int ch, float scale, float shift,
                              boolean relu) {
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            for (int q = 0; q < s; q++) {
                float v = x[o + q] * scale + shift;
                y[o + q] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    private static double[] gradientSums(float[] x, float[] dy, boolean relu, float scale, float shift, int n,
                                         int c, int s, int ch, float mu, float istd) {
        double sdy = 0;
        double sdyx = 0;
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            for (int q = 0; q < s; q++) {
                float d = !relu || x[o + q] * scale + shift > 0f ? dy[o + q] : 0f;
                sdy += d;
                sdyx += d * ((x[o + q] - mu) * istd);
            }
        }
        return new double[] {sdy, sdyx};
    }

    private static void gradInput(float[] x, float[] dy, boolean relu, float scale, float shift, float[] dx, int n,
                                  int c, int s, int ch, float mu, float istd, float k, float a, float b) {
        for (int i = 0; i < n; i++) {
            int o = (i * c + ch) * s;
            for (int q = 0; q < s; q++) {
                float d = !relu || x[o + q] * scale + shift > 0f ? dy[o + q] : 0f;
                float xhat = (x[o + q] - mu) * istd;
                dx[o + q] = k * (d - a - xhat * b);
            }
        }
    }
}
