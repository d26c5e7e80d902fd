package dev.dendrite.tensor.kernel;

/**
 * Max and average pooling over NCHW arrays, plane by plane ({@code n c} planes
 * split across {@link GemmPool}'s threads). The geometry's {@code oc} equals
 * {@code c}. Max pooling treats padding as minus infinity and remembers, for
 * each output, the flat input index of the first maximum, which the backward
 * pass uses to send the gradient there; average pooling divides by
 * {@code kh kw} whether or not the window covers padding (PyTorch's
 * {@code count_include_pad=True}). Plain loops, except max pooling with 2x2
 * windows at stride 2, which {@link VectorPool2d} runs on the Vector API when
 * {@link Kernels#SIMD} is on (the branches of the plain loop mispredict on
 * real activations).
 */
public final class Pool2dKernels {
    private Pool2dKernels() {
    }

    /** {@code y [n, c, oh, ow]}; {@code argmax} (length of y) receives each maximum's flat input index. */
    public static float[] maxForward(ConvGeometry g, float[] x, int[] argmax) {
        if (Kernels.SIMD && VectorPool2d.covers(g)) {
            float[] y = Workspace.take(g.n() * g.c() * g.oh() * g.ow());
            int rows = g.n() * g.c() * g.oh();
            Conv2dKernels.parallel(rows, (long) g.inputSize(), (r0, r1) -> VectorPool2d.maxRows(g, x, y, argmax, r0, r1));
            return y;
        }
        return maxForwardScalar(g, x, argmax);
    }

    /** {@link #maxForward} in plain loops: the specification of the vector path. */
    static float[] maxForwardScalar(ConvGeometry g, float[] x, int[] argmax) {
        int oh = g.oh();
        int ow = g.ow();
        int planes = g.n() * g.c();
        float[] y = Workspace.take(planes * oh * ow);
        if (g.ph() == 0 && g.pw() == 0) {
            maxInside(g, x, y, argmax);
            return y;
        }
        Conv2dKernels.parallel(planes, (long) g.inputSize() * g.kh() * g.kw() / Math.max(1, g.sh() * g.sw()),
                (p0, p1) -> {
                    for (int pl = p0; pl < p1; pl++) {
                        int in = pl * g.h() * g.w();
                        int out = pl * oh * ow;
                        for (int i = 0; i < oh; i++) {
                            for (int j = 0; j < ow; j++) {
                                float best = Float.NEGATIVE_INFINITY;
                                int at = -1;
                                for (int a = 0; a < g.kh(); a++) {
                                    int iy = i * g.sh() - g.ph() + a * g.dh();
                                    if (iy < 0 || iy >= g.h()) {
                                        continue;
                                    }
                                    for (int b = 0; b < g.kw(); b++) {
                                        int ix = j * g.sw() - g.pw() + b * g.dw();
                                        if (ix >= 0 && ix < g.w()) {
                                            int xi = in + iy * g.w() + ix;
                                            // NaN wins, as in PyTorch, so a diverging run shows it
                                            float v = x[xi];
                                            if (at < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                                best = v;
                                                at = xi;
                                            }
                                        }
                                    }
                                }
                                y[out + i * ow + j] = best;
                                argmax[out + i * ow + j] = at;
                            }
                        }
                    }
                });
        return y;
    }

    /** Max pooling without padding: every window lies inside the image, so no bounds are checked. */
    private static void maxInside(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        int oh = g.oh();
        int ow = g.ow();
        int w = g.w();
        int planes = g.n() * g.c();
        Conv2dKernels.parallel(planes, (long) planes * oh * ow * g.kh() * g.kw(), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int in = pl * g.h() * w;
                int out = pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    int rowBase = in + i * g.sh() * w;
                    for (int j = 0; j < ow; j++) {
                        int base = rowBase + j * g.sw();
                        float best = x[base];
                        int at = base;
                        for (int a = 0; a < g.kh(); a++) {
                            int r = base + a * g.dh() * w;
                            for (int b = 0; b < g.kw(); b++) {
                                int xi = r + b * g.dw();
                                float v = x[xi];
                                // the first maximum wins; a NaN wins over numbers and stays
                                if (v > best || (v != v && best == best)) {
                                    best = v;
                                    at = xi;
                                }
                            }
                        }
                        y[out + i * ow + j] = best;
                        argmax[out + i * ow + j] = at;
                    }
                }
            }
        });
    }

    /** The input gradient of max pooling: each output's gradient added at its remembered maximum. */
    public static float[] maxBackward(ConvGeometry g, int[] argmax, float[] dy) {
        float[] dx = Workspace.take(g.inputSize());
        int planes = g.n() * g.c();
        int hw = g.h() * g.w();
        int ohw = g.oh() * g.ow();
        Conv2dKernels.parallel(planes, (long) g.inputSize(), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * hw, p1 * hw, 0f);
            for (int q = p0 * ohw; q < p1 * ohw; q++) {
                dx[argmax[q]] += dy[q];
            }
        });
        return dx;
    }

    /** {@code y [n, c, oh, ow]}: each window's sum divided by {@code kh kw}. */
    public static float[] avgForward(ConvGeometry g, float[] x) {
        int oh = g.oh();
        int ow = g.ow();
        int planes = g.n() * g.c();
        float[] y = Workspace.take(planes * oh * ow);
        float scale = 1f / (g.kh() * g.kw());
        Conv2dKernels.parallel(planes, (long) g.inputSize() * g.kh() * g.kw(), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int in = pl * g.h() * g.w();
                int out = pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float s = 0f;
                        for (int a = 0; a < g.kh(); a++) {
                            int iy = i * g.sh() - g.ph() + a * g.dh();
                            for (int b = 0; b < g.kw() && iy >= 0 && iy < g.h(); b++) {
                                int ix = j * g.sw() - g.pw() + b * g.dw();
                                if (ix >= 0 && ix < g.w()) {
                                    s += x[in + iy * g.w() + ix];
                                }
                            }
                        }
                        y[out + i * ow + j] = s * scale;
                    }
                }
            }
        });
        return y;
    }

    /** The input gradient of average pooling: each output's gradient spread over its window. */
    public static float[] avgBackward(ConvGeometry g, float[] dy) {
        int oh = g.oh();
        int ow = g.ow();
        int planes = g.n() * g.c();
        float[] dx = Workspace.take(g.inputSize());
        float scale = 1f / (g.kh() * g.kw());
        Conv2dKernels.parallel(planes, (long) g.inputSize() * g.kh() * g.kw(), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * g.h() * g.w(), p1 * g.h() * g.w(), 0f);
            for (int pl = p0; pl < p1; pl++) {
                int in = pl * g.h() * g.w();
                int out = pl * oh * ow;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float d = dy[out + i * ow + j] * scale;
                        for (int a = 0; a < g.kh(); a++) {
                            int iy = i * g.sh() - g.ph() + a * g.dh();
                            for (int b = 0; b < g.kw() && iy >= 0 && iy < g.h(); b++) {
                                int ix = j * g.sw() - g.pw() + b * g.dw();
                                if (ix >= 0 && ix < g.w()) {
                                    dx[in + iy * g.w() + ix] += d;
                                }
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }
}
