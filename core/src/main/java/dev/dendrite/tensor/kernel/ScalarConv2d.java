package dev.dendrite.tensor.kernel;

/**
 * The readable specification of 2-d convolution over NCHW arrays, by the
 * definition: {@code y[n,o,i,j] = b[o] + sum_{c in group(o), a, b'}
 * w[o, c', a, b'] x[n, c, i sh - ph + a dh, j sw - pw + b' dw]}, with
 * {@code x = 0} outside the input. {@link Conv2dKernels} must agree with it;
 * the parity tests compare the two on awkward shapes.
 */
public final class ScalarConv2d {
    private ScalarConv2d() {
    }

    /** {@code y [n, oc, oh, ow]} from {@code x [n, c, h, w]}, {@code w [oc, c/g, kh, kw]} and {@code bias [oc]} or null. */
    public static float[] forward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int oh = g.oh();
        int ow = g.ow();
        float[] y = new float[g.outputSize()];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.oc(); o++) {
                int c0 = (o / g.ocg()) * g.cg();
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float s = bias == null ? 0f : bias[o];
                        for (int cc = 0; cc < g.cg(); cc++) {
                            for (int a = 0; a < g.kh(); a++) {
                                int iy = i * g.sh() - g.ph() + a * g.dh();
                                for (int b = 0; b < g.kw(); b++) {
                                    int ix = j * g.sw() - g.pw() + b * g.dw();
                                    if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                        s += w[((o * g.cg() + cc) * g.kh() + a) * g.kw() + b]
                                                * x[((n * g.c() + c0 + cc) * g.h() + iy) * g.w() + ix];
                                    }
                                }
                            }
                        }
                        y[((n * g.oc() + o) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }

    /** The gradients {@code {dx, dw, db}} for the output gradient {@code dy}: each product term sends {@code dy} back to its factors. */
    public static float[][] backward(ConvGeometry g, float[] x, float[] w, float[] dy) {
        int oh = g.oh();
        int ow = g.ow();
        float[] dx = new float[g.inputSize()];
        float[] dw = new float[g.weightSize()];
        float[] db = new float[g.oc()];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.oc(); o++) {
                int c0 = (o / g.ocg()) * g.cg();
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float d = dy[((n * g.oc() + o) * oh + i) * ow + j];
                        db[o] += d;
                        for (int cc = 0; cc < g.cg(); cc++) {
                            for (int a = 0; a < g.kh(); a++) {
                                int iy = i * g.sh() - g.ph() + a * g.dh();
                                for (int b = 0; b < g.kw(); b++) {
                                    int ix = j * g.sw() - g.pw() + b * g.dw();
                                    if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                        int wi = ((o * g.cg() + cc) * g.kh() + a) * g.kw() + b;
                                        int xi = ((n * g.c() + c0 + cc) * g.h() + iy) * g.w() + ix;
                                        dw[wi] += d * x[xi];
                                        dx[xi] += d * w[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new float[][] {dx, dw, db};
    }
}
