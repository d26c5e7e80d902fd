package dev.dendrite.tensor.kernel;

/**
 * Batch normalisation over {@code [n, c, s]} arrays ({@code s} = the spatial
 * size, 1 for plain features), one channel per task on {@link GemmPool}'s
 * threads. Training: {@code mean} and biased {@code var} of each channel over
 * its {@code m = n s} values (sums in double), {@code y = gamma (x - mean) istd + beta}
 * with {@code istd = 1 / sqrt(var + eps)}. Backward, from the output gradient
 * {@code dy} and {@code xhat = (x - mean) istd} recomputed from {@code x}:
 * {@code dbeta = sum dy}, {@code dgamma = sum dy xhat} and
 * {@code dx = gamma istd (dy - dbeta / m - xhat dgamma / m)} when the statistics
 * are the batch's, {@code dx = gamma istd dy} when they are fixed (evaluation).
 * One pass for the statistics, one for the output; two for the gradient.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /**
     * Normalises {@code x} into a new output. With {@code stats == null} the batch's statistics
     * are computed and written to {@code meanOut} and {@code varOut} (biased); otherwise
     * {@code mean} and {@code var} are used as given.
     */
    public static float[] forward(float[] x, int n, int c, int s, float[] mean, float[] var, boolean batchStats,
                                  float[] gamma, float[] beta, float eps) {
        float[] y = Workspace.take(n * c * s);
        Conv2dKernels.parallel(c, (long) n * c * s, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                if (batchStats) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        int o = (i * c + ch) * s;
                        for (int q = 0; q < s; q++) {
                            sum += x[o + q];
                        }
                    }
                    double mu = sum / ((double) n * s);
                    double sq = 0;
                    for (int i = 0; i < n; i++) {
                        int o = (i * c + ch) * s;
                        for (int q = 0; q < s; q++) {
                            double d = x[o + q] - mu;
                            sq += d * d;
                        }
                    }
                    mean[ch] = (float) mu;
                    var[ch] = (float) (sq / ((double) n * s));
                }
                float istd = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                float scale = gamma[ch] * istd;
                float shift = beta[ch] - mean[ch] * scale;
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * s;
                    for (int q = 0; q < s; q++) {
                        y[o + q] = x[o + q] * scale + shift;
                    }
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
        float[] dgamma = new float[c];
        float[] dbeta = new float[c];
        float[] dx = wantX ? Workspace.take(n * c * s) : null;
        double m = (double) n * s;
        Conv2dKernels.parallel(c, (long) n * c * s, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float mu = mean[ch];
                float istd = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                double sdy = 0;
                double sdyx = 0;
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * s;
                    for (int q = 0; q < s; q++) {
                        float d = dy[o + q];
                        sdy += d;
                        sdyx += d * ((x[o + q] - mu) * istd);
                    }
                }
                dbeta[ch] = (float) sdy;
                dgamma[ch] = (float) sdyx;
                if (dx == null) {
                    continue;
                }
                float k = gamma[ch] * istd;
                float a = batchStats ? (float) (sdy / m) : 0f;
                float b = batchStats ? (float) (sdyx / m) : 0f;
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * s;
                    for (int q = 0; q < s; q++) {
                        float xhat = (x[o + q] - mu) * istd;
                        dx[o + q] = k * (dy[o + q] - a - xhat * b);
                    }
                }
            }
        });
        return new float[][] {dx, dgamma, dbeta};
    }
}
