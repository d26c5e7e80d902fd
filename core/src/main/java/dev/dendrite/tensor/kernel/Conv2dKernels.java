package dev.dendrite.tensor.kernel;

import java.util.Arrays;

/**
 * 2-d convolution over NCHW arrays as matrix products (im2col): the input is
 * unfolded once per batch into columns {@code col [c kh kw, n oh ow]} (one row per
 * weight position, one column per output pixel of every example), so the forward
 * pass of group {@code g} is one GEMM {@code W_g [oc/g, c/g kh kw] x col_g}, the
 * weight gradient is {@code dY_g x col_gᵀ} and the input gradient is
 * {@code W_gᵀ x dY_g} folded back (col2im). One GEMM per group over the whole
 * batch keeps the products large (k = n oh ow for the weight gradient), which is
 * where the GEMM is efficient; the price is one batch's columns, the only buffer
 * larger than the input or output, taken from the step's {@link Workspace} and
 * kept from the forward pass for the weight gradient. Unfolding, folding and the
 * layout changes between {@code [oc, n oh ow]} and {@code [n, oc, oh ow]} run on
 * {@link GemmPool}'s threads, split by rows or channels so that no two threads
 * write the same element. {@link ScalarConv2d} is the specification.
 */
public final class Conv2dKernels {
    /** Below this many elements a loop runs on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;

    private Conv2dKernels() {
    }

    /** The unfolded input {@code [c kh kw, n oh ow]}, zero where the window covers padding. */
    public static float[] im2col(ConvGeometry g, float[] x) {
        int rows = g.c() * g.kh() * g.kw();
        int np = g.n() * g.oh() * g.ow();
        float[] col = Workspace.take(rows * np);
        parallel(rows, (long) rows * np, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                unfoldRow(g, x, col, r, np);
            }
        });
        return col;
    }

    private static void unfoldRow(ConvGeometry g, float[] x, float[] col, int r, int np) {
        int b = r % g.kw();
        int a = (r / g.kw()) % g.kh();
        int c = r / (g.kw() * g.kh());
        int oh = g.oh();
        int ow = g.ow();
        int xoff = b * g.dw() - g.pw();
        // output columns j whose input column j sw + xoff lies inside [0, w)
        int jlo = Math.min(ow, ceilDiv(Math.max(0, -xoff), g.sw()));
        int jhi = Math.max(jlo, Math.min(ow, floorDiv(g.w() - 1 - xoff, g.sw()) + 1));
        for (int n = 0; n < g.n(); n++) {
            for (int i = 0; i < oh; i++) {
                int at = r * np + (n * oh + i) * ow;
                int iy = i * g.sh() - g.ph() + a * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    Arrays.fill(col, at, at + ow, 0f);
                    continue;
                }
                int xrow = ((n * g.c() + c) * g.h() + iy) * g.w() + xoff;
                Arrays.fill(col, at, at + jlo, 0f);
                if (g.sw() == 1) {
                    System.arraycopy(x, xrow + jlo, col, at + jlo, jhi - jlo);
                } else {
                    for (int j = jlo; j < jhi; j++) {
                        col[at + j] = x[xrow + j * g.sw()];
                    }
                }
                Arrays.fill(col, at + jhi, at + ow, 0f);
            }
        }
    }

    /** {@code y [n, oc, oh, ow]} from the unfolded input, the weight {@code [oc, c/g, kh, kw]} and {@code bias} (or null). */
    public static float[] forward(ConvGeometry g, float[] col, float[] w, float[] bias) {
        int np = g.n() * g.oh() * g.ow();
        int ocg = g.ocg();
        int k = g.kernelSize();
        float[] prod = Workspace.take(g.oc() * np);
        Gemm gemm = Kernels.gemm();
        for (int gr = 0; gr < g.groups(); gr++) {
            gemm.sgemm(false, false, ocg, np, k, 1f, w, gr * ocg * k, k, col, gr * k * np, np,
                    0f, prod, gr * ocg * np, np);
        }
        float[] y = Workspace.take(g.outputSize());
        int p = g.oh() * g.ow();
        parallel(g.oc(), (long) g.oc() * np, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                float b = bias == null ? 0f : bias[o];
                for (int n = 0; n < g.n(); n++) {
                    int src = o * np + n * p;
                    int dst = (n * g.oc() + o) * p;
                    for (int q = 0; q < p; q++) {
                        y[dst + q] = prod[src + q] + b;
                    }
                }
            }
        });
        return y;
    }

    /**
     * The gradients {@code {dx, dw, db}} for the output gradient {@code dy [n, oc, oh, ow]};
     * an entry is null when its flag is false. {@code col} is the forward pass's unfolded input.
     */
    public static float[][] backward(ConvGeometry g, float[] col, float[] w, float[] dy,
                                     boolean wantX, boolean wantW, boolean wantB) {
        int np = g.n() * g.oh() * g.ow();
        int p = g.oh() * g.ow();
        int ocg = g.ocg();
        int k = g.kernelSize();
        // dY as [oc, n oh ow], the layout the products read, with the bias gradient summed on the way
        float[] d2 = Workspace.take(g.oc() * np);
        float[] db = wantB ? new float[g.oc()] : null;
        parallel(g.oc(), (long) g.oc() * np, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                float s = 0f;
                for (int n = 0; n < g.n(); n++) {
                    int src = (n * g.oc() + o) * p;
                    int dst = o * np + n * p;
                    System.arraycopy(dy, src, d2, dst, p);
                    if (db != null) {
                        for (int q = 0; q < p; q++) {
                            s += dy[src + q];
                        }
                    }
                }
                if (db != null) {
                    db[o] = s;
                }
            }
        });
        Gemm gemm = Kernels.gemm();
        float[] dw = null;
        if (wantW) {
            dw = new float[g.weightSize()];
            for (int gr = 0; gr < g.groups(); gr++) {
                gemm.sgemm(false, true, ocg, k, np, 1f, d2, gr * ocg * np, np, col, gr * k * np, np,
                        0f, dw, gr * ocg * k, k);
            }
        }
        float[] dx = null;
        if (wantX) {
            float[] dcol = Workspace.take(g.c() * g.kh() * g.kw() * np);
            for (int gr = 0; gr < g.groups(); gr++) {
                gemm.sgemm(true, false, k, np, ocg, 1f, w, gr * ocg * k, k, d2, gr * ocg * np, np,
                        0f, dcol, gr * k * np, np);
            }
            dx = col2im(g, dcol);
        }
        return new float[][] {dx, dw, db};
    }

    /** Folds columns back onto the input: every column entry is added to the pixel it was copied from. */
    static float[] col2im(ConvGeometry g, float[] dcol) {
        float[] dx = Workspace.take(g.inputSize());
        int np = g.n() * g.oh() * g.ow();
        int kk = g.kh() * g.kw();
        // one channel's pixels receive only that channel's rows, so channels split the work safely
        parallel(g.c(), (long) g.c() * kk * np, (c0, c1) -> {
            for (int n = 0; n < g.n(); n++) {
                for (int c = c0; c < c1; c++) {
                    int plane = (n * g.c() + c) * g.h() * g.w();
                    Arrays.fill(dx, plane, plane + g.h() * g.w(), 0f);
                }
            }
            for (int c = c0; c < c1; c++) {
                for (int r = c * kk; r < (c + 1) * kk; r++) {
                    foldRow(g, dcol, dx, r, np);
                }
            }
        });
        return dx;
    }

    private static void foldRow(ConvGeometry g, float[] col, float[] dx, int r, int np) {
        int b = r % g.kw();
        int a = (r / g.kw()) % g.kh();
        int c = r / (g.kw() * g.kh());
        int oh = g.oh();
        int ow = g.ow();
        int xoff = b * g.dw() - g.pw();
        int jlo = Math.min(ow, ceilDiv(Math.max(0, -xoff), g.sw()));
        int jhi = Math.max(jlo, Math.min(ow, floorDiv(g.w() - 1 - xoff, g.sw()) + 1));
        for (int n = 0; n < g.n(); n++) {
            for (int i = 0; i < oh; i++) {
                int iy = i * g.sh() - g.ph() + a * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    continue;
                }
                int at = r * np + (n * oh + i) * ow;
                int xrow = ((n * g.c() + c) * g.h() + iy) * g.w() + xoff;
                for (int j = jlo; j < jhi; j++) {
                    dx[xrow + j * g.sw()] += col[at + j];
                }
            }
        }
    }

    /** A loop over {@code [0, count)} in contiguous ranges; on the pool when there is enough work. */
    interface Range {
        void run(int from, int to);
    }

    static void parallel(int count, long work, Range body) {
        int parts = work < PARALLEL_ELEMENTS ? 1 : Math.min(count, GemmPool.parallelism());
        if (parts <= 1) {
            body.run(0, count);
            return;
        }
        GemmPool.run(parts, t -> body.run((int) ((long) t * count / parts), (int) ((long) (t + 1) * count / parts)));
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static int floorDiv(int a, int b) {
        return Math.floorDiv(a, b);
    }
}
