package dev.dendrite.tensor.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 2-d convolution over NCHW arrays as matrix products, image by image. Each
 * image {@code x_n} is unfolded into columns {@code col_n [c kh kw, oh ow]} (one
 * row per weight position, one column per output pixel), so the forward pass of
 * group {@code g} is {@code y_n,g = W_g [oc/g, c/g kh kw] x col_n,g}, written
 * straight into the image's NCHW output; the input gradient is
 * {@code W_gᵀ x dY_n,g} folded back onto the image (col2im); the weight gradient
 * is the sum over images of {@code dY_n,g x col_n,gᵀ}.
 *
 * <p>Threads of {@link GemmPool} take whole images (or, for the weight gradient,
 * fixed runs of images) from a shared counter, so one image's columns stay in
 * its core's L2 cache and nothing as large as a batch's columns is ever made or
 * kept: the backward pass unfolds each image again. Each run of images sums its
 * weight gradient into its own partial, and the partials are added in run
 * order, so the result does not depend on the thread count or on which thread
 * took which run. The products use {@link ConvTiles} (the GEMM micro-kernel,
 * the weight packed once per call) when {@link Kernels#SIMD} is on, else
 * {@link ScalarGemm}. Stride-1 convolutions on AVX-512 skip the unfolding
 * altogether ({@link Implicit}: the micro-kernel reads the columns in place
 * from a zero-padded copy of the image). {@link ScalarConv2d} is the
 * specification.
 */
public final class Conv2dKernels {
    /** Below this many multiply-adds a loop runs on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;
    /** Most runs of images whose weight gradients are summed separately (each one weight-sized partial). */
    private static final int MAX_RUNS = 16;
    /** The micro-kernel's tile, to choose the weight gradient's orientation (see {@link #backward}). */
    private static final int TILE_M = 4;
    private static final int TILE_N = 32;
    private static final ScalarGemm SCALAR = new ScalarGemm();
    /** Per-thread columns of one image and their gradient, grown on demand and kept. */
    private static final ThreadLocal<float[][]> COLUMNS = ThreadLocal.withInitial(
            () -> new float[][] {new float[0], new float[0], new float[0], new float[0], new float[0]});

    private Conv2dKernels() {
    }

    /** {@code y [n, oc, oh, ow]} from {@code x [n, c, h, w]}, the weight {@code [oc, c/g, kh, kw]} and {@code bias} (or null). */
    public static float[] forward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int p = g.oh() * g.ow();
        int ocg = g.ocg();
        int k = g.kernelSize();
        float[] y = Workspace.take(g.outputSize());
        if (Implicit.covers(g)) {
            Implicit plan = new Implicit(g, w);
            forEach(g.n(), (long) g.outputSize() * k, n -> plan.image(x, n, bias, y));
            return y;
        }
        Factor[] wg = new Factor[g.groups()];
        for (int gr = 0; gr < g.groups(); gr++) {
            wg[gr] = Factor.of(false, w, gr * ocg * k, k, ocg, k);
        }
        forEach(g.n(), (long) g.outputSize() * k, n -> {
            float[] col = columns(0, g.c() * g.kh() * g.kw() * p);
            unfold(g, x, n, col);
            for (int gr = 0; gr < g.groups(); gr++) {
                wg[gr].times(false, col, gr * k * p, p, p, 0f, y, (n * g.oc() + gr * ocg) * p, p);
            }
            if (bias != null) {
                for (int o = 0; o < g.oc(); o++) {
                    float b = bias[o];
                    int at = (n * g.oc() + o) * p;
                    for (int q = 0; q < p; q++) {
                        y[at + q] += b;
                    }
                }
            }
        });
        return y;
    }

    /**
     * The gradients {@code {dx, dw, db}} for the output gradient {@code dy [n, oc, oh, ow]} of
     * the convolution of {@code x}; an entry is null when its flag is false.
     */
    public static float[][] backward(ConvGeometry g, float[] x, float[] w, float[] dy,
                                     boolean wantX, boolean wantW, boolean wantB) {
        int p = g.oh() * g.ow();
        int ocg = g.ocg();
        int k = g.kernelSize();
        int rows = g.c() * g.kh() * g.kw();
        // The weight gradient as W (dY col_nᵀ: oc/g x k) or as Wᵀ (col_n dYᵀ: k x oc/g), whichever
        // leaves fewer padded lanes in the micro-kernel's 4 x 32 tiles (one input channel: k = 9).
        Implicit planW = wantW && Implicit.coversWeight(g) ? new Implicit(g, w) : null;
        boolean wT = planW != null
                || roundUp(k, TILE_M) * roundUp(ocg, TILE_N) <= roundUp(ocg, TILE_M) * roundUp(k, TILE_N);
        int runs = Math.min(g.n(), MAX_RUNS);
        int ws = g.weightSize();
        float[] wParts = wantW ? Workspace.take(runs * ws) : null;
        float[] bParts = wantB ? new float[runs * g.oc()] : null;
        float[] dx = wantX ? Workspace.take(g.inputSize()) : null;
        Factor[] wtg = new Factor[g.groups()];
        Implicit planX = wantX ? Implicit.transposed(g, w) : null;
        if (wantX && planX == null) {
            for (int gr = 0; gr < g.groups(); gr++) {
                wtg[gr] = Factor.of(true, w, gr * ocg * k, k, k, ocg);
            }
        }
        forEach(runs, (long) g.outputSize() * k * ((wantX ? 1 : 0) + (wantW ? 1 : 0)), run -> {
            int n0 = (int) ((long) run * g.n() / runs);
            int n1 = (int) ((long) (run + 1) * g.n() / runs);
            float[] lanes = bParts != null && Kernels.SIMD ? new float[64] : null;
            for (int n = n0; n < n1; n++) {
                int dyAt = n * g.oc() * p;
                if (bParts != null) {
                    for (int o = 0; o < g.oc(); o++) {
                        float s = 0f;
                        if (Kernels.SIMD) {
                            s = ConvTiles.sum(dy, dyAt + o * p, p, lanes);
                        } else {
                            for (int q = 0; q < p; q++) {
                                s += dy[dyAt + o * p + q];
                            }
                        }
                        bParts[run * g.oc() + o] += s;
                    }
                }
                if (planW != null) {
                    planW.weightImage(x, dy, n, wParts, run * ws, n == n0);
                } else if (wParts != null) {
                    float[] col = columns(0, rows * p);
                    unfold(g, x, n, col);
                    float beta = n == n0 ? 0f : 1f;
                    for (int gr = 0; gr < g.groups(); gr++) {
                        int part = run * ws + gr * ocg * k;
                        if (wT) {
                            Factor cf = Factor.scratch(false, col, gr * k * p, p, k, p);
                            cf.times(true, dy, dyAt + gr * ocg * p, p, ocg, beta, wParts, part, ocg);
                        } else {
                            Factor df = Factor.scratch(false, dy, dyAt + gr * ocg * p, p, ocg, p);
                            df.times(true, col, gr * k * p, p, k, beta, wParts, part, k);
                        }
                    }
                }
                if (planX != null) {
                    planX.image(dy, n, null, dx);
                } else if (dx != null) {
                    float[] dcol = columns(1, rows * p);
                    for (int gr = 0; gr < g.groups(); gr++) {
                        wtg[gr].times(false, dy, dyAt + gr * ocg * p, p, p, 0f, dcol, gr * k * p, p);
                    }
                    fold(g, dcol, n, dx);
                }
            }
        });
        float[] dw = null;
        if (wParts != null) {
            dw = new float[ws];
            reduceWeight(g, wParts, runs, wT, dw);
        }
        float[] db = null;
        if (bParts != null) {
            db = new float[g.oc()];
            for (int run = 0; run < runs; run++) {
                for (int o = 0; o < g.oc(); o++) {
                    db[o] += bParts[run * g.oc() + o];
                }
            }
        }
        return new float[][] {dx, dw, db};
    }

    /** {@code dw} = the runs' partials added in run order, transposed back per group when they are {@code k x oc/g}. */
    private static void reduceWeight(ConvGeometry g, float[] parts, int runs, boolean transposed, float[] dw) {
        int ws = g.weightSize();
        int ocg = g.ocg();
        int k = g.kernelSize();
        for (int run = 0; run < runs; run++) {
            int base = run * ws;
            if (!transposed) {
                for (int i = 0; i < ws; i++) {
                    dw[i] += parts[base + i];
                }
                continue;
            }
            for (int gr = 0; gr < g.groups(); gr++) {
                int at = base + gr * ocg * k;
                for (int kk = 0; kk < k; kk++) {
                    for (int o = 0; o < ocg; o++) {
                        dw[(gr * ocg + o) * k + kk] += parts[at + kk * ocg + o];
                    }
                }
            }
        }
    }

    /** The unfolded image {@code n} of {@code x}: {@code col [c kh kw, oh ow]}, zero where the window covers padding. */
    static void unfold(ConvGeometry g, float[] x, int n, float[] col) {
        int oh = g.oh();
        int ow = g.ow();
        int p = oh * ow;
        int kk = g.kh() * g.kw();
        for (int r = 0; r < g.c() * kk; r++) {
            int b = r % g.kw();
            int a = (r / g.kw()) % g.kh();
            int c = r / kk;
            int xoff = b * g.dw() - g.pw();
            // output columns j whose input column j sw + xoff lies inside [0, w)
            int jlo = Math.min(ow, ceilDiv(Math.max(0, -xoff), g.sw()));
            int jhi = Math.max(jlo, Math.min(ow, Math.floorDiv(g.w() - 1 - xoff, g.sw()) + 1));
            int plane = (n * g.c() + c) * g.h();
            for (int i = 0; i < oh; i++) {
                int at = r * p + i * ow;
                int iy = i * g.sh() - g.ph() + a * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    Arrays.fill(col, at, at + ow, 0f);
                    continue;
                }
                int xrow = (plane + iy) * g.w() + xoff;
                for (int j = 0; j < jlo; j++) {
                    col[at + j] = 0f;
                }
                if (g.sw() == 1) {
                    System.arraycopy(x, xrow + jlo, col, at + jlo, jhi - jlo);
                } else {
                    for (int j = jlo; j < jhi; j++) {
                        col[at + j] = x[xrow + j * g.sw()];
                    }
                }
                for (int j = jhi; j < ow; j++) {
                    col[at + j] = 0f;
                }
            }
        }
    }

    /** Folds the column gradient of image {@code n} onto its input gradient: every entry added to the pixel it came from. */
    static void fold(ConvGeometry g, float[] dcol, int n, float[] dx) {
        int oh = g.oh();
        int ow = g.ow();
        int p = oh * ow;
        int kk = g.kh() * g.kw();
        int image = n * g.c() * g.h() * g.w();
        Arrays.fill(dx, image, image + g.c() * g.h() * g.w(), 0f);
        for (int r = 0; r < g.c() * kk; r++) {
            int b = r % g.kw();
            int a = (r / g.kw()) % g.kh();
            int c = r / kk;
            int xoff = b * g.dw() - g.pw();
            int jlo = Math.min(ow, ceilDiv(Math.max(0, -xoff), g.sw()));
            int jhi = Math.max(jlo, Math.min(ow, Math.floorDiv(g.w() - 1 - xoff, g.sw()) + 1));
            int plane = (n * g.c() + c) * g.h();
            for (int i = 0; i < oh; i++) {
                int iy = i * g.sh() - g.ph() + a * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    continue;
                }
                int at = r * p + i * ow;
                int xrow = (plane + iy) * g.w() + xoff;
                if (g.sw() == 1) {
                    for (int j = jlo; j < jhi; j++) {
                        dx[xrow + j] += dcol[at + j];
                    }
                } else {
                    for (int j = jlo; j < jhi; j++) {
                        dx[xrow + j * g.sw()] += dcol[at + j];
                    }
                }
            }
        }
    }

    /**
     * A stride-1 convolution without unfolding, with AVX-512's eight-row tiles: each image is
     * copied into a zero-padded {@code hp x wp} frame, and the output is computed at every
     * position {@code i wp + j} of the frame's rows ({@code j < ow} kept, the rest discarded:
     * {@code wp - ow} extra columns per row). Then row {@code (c, a, b)} of the image's columns
     * is the frame read from {@code c hp wp + a dh wp + b dw} on, a contiguous run, and the
     * micro-kernel reads it in place ({@link ConvTiles#multiplyRows}): no column buffer, no
     * packing of the right factor, no edge tiles. The input gradient is the same computation
     * on {@code dY} with the weight flipped and transposed ({@link #transposed}).
     */
    private static final class Implicit {
        private final ConvGeometry g;
        private final int hp;
        private final int wp;
        private final int nPad;
        private final int frame;
        private final int[] offs;
        private final float[][] packed;

        Implicit(ConvGeometry g, float[] w) {
            this.g = g;
            hp = g.h() + 2 * g.ph();
            wp = g.w() + 2 * g.pw();
            nPad = ConvTiles.roundUp(g.oh() * wp, TILE_N);
            int k = g.kernelSize();
            offs = new int[g.groups() * k];
            int maxOff = 0;
            for (int gr = 0; gr < g.groups(); gr++) {
                for (int cc = 0; cc < g.cg(); cc++) {
                    for (int a = 0; a < g.kh(); a++) {
                        for (int b = 0; b < g.kw(); b++) {
                            int at = ((gr * g.cg() + cc) * hp + a * g.dh()) * wp + b * g.dw();
                            offs[gr * k + (cc * g.kh() + a) * g.kw() + b] = at;
                            maxOff = Math.max(maxOff, at);
                        }
                    }
                }
            }
            frame = Math.max(g.c() * hp * wp, maxOff + nPad);
            packed = new float[g.groups()][];
            for (int gr = 0; gr < g.groups(); gr++) {
                packed[gr] = new float[ConvTiles.packedWideSize(g.ocg(), k)];
                ConvTiles.packWide(false, w, gr * g.ocg() * k, k, g.ocg(), k, packed[gr]);
            }
        }

        /** Stride 1, AVX-512, and at least one eight-row tile of output channels per group. */
        static boolean covers(ConvGeometry g) {
            return Kernels.SIMD && ConvTiles.WIDE && g.sh() == 1 && g.sw() == 1 && g.ocg() >= ConvTiles.TILE_ROWS;
        }

        /**
         * The plan for the input gradient of {@code g}: the convolution of {@code dY} with
         * {@code w'[c, o, a, b] = w[o, c, kh-1-a, kw-1-b]} (per group) and padding
         * {@code d (k - 1) - p}; null where that is not a stride-1 convolution this plan covers.
         */
        static Implicit transposed(ConvGeometry g, float[] w) {
            int ph = g.dh() * (g.kh() - 1) - g.ph();
            int pw = g.dw() * (g.kw() - 1) - g.pw();
            if (!(Kernels.SIMD && ConvTiles.WIDE) || g.sh() != 1 || g.sw() != 1 || g.cg() < ConvTiles.TILE_ROWS
                    || ph < 0 || pw < 0) {
                return null;
            }
            ConvGeometry t = new ConvGeometry(g.n(), g.oc(), g.oh(), g.ow(), g.c(), g.kh(), g.kw(), 1, 1, ph, pw,
                    g.dh(), g.dw(), g.groups());
            int kk = g.kh() * g.kw();
            float[] wt = new float[g.weightSize()];
            for (int gr = 0; gr < g.groups(); gr++) {
                for (int ci = 0; ci < g.cg(); ci++) {
                    for (int ol = 0; ol < g.ocg(); ol++) {
                        int src = ((gr * g.ocg() + ol) * g.cg() + ci) * kk;
                        int dst = ((gr * g.cg() + ci) * g.ocg() + ol) * kk;
                        for (int q = 0; q < kk; q++) {
                            wt[dst + q] = w[src + kk - 1 - q];
                        }
                    }
                }
            }
            return new Implicit(t, wt);
        }

        /**
         * Whether {@link #weightImage} covers {@code g}: whole eight-row tiles of weight positions
         * ({@code c/g kh kw}) and whole tiles of output channels.
         */
        static boolean coversWeight(ConvGeometry g) {
            return Kernels.SIMD && ConvTiles.WIDE && g.sh() == 1 && g.sw() == 1
                    && g.kernelSize() % ConvTiles.TILE_ROWS == 0 && g.ocg() % ConvTiles.TILE_COLS == 0;
        }

        /** The image's zero-padded frame in this thread's scratch. */
        private float[] frame(float[] x, int n) {
            float[] xp = columns(3, frame);
            java.util.Arrays.fill(xp, 0, frame, 0f);
            for (int ch = 0; ch < g.c(); ch++) {
                for (int i = 0; i < g.h(); i++) {
                    System.arraycopy(x, ((n * g.c() + ch) * g.h() + i) * g.w(), xp,
                            (ch * hp + i + g.ph()) * wp + g.pw(), g.w());
                }
            }
            return xp;
        }

        /**
         * Adds image {@code n}'s weight gradient, transposed per group ({@code [c/g kh kw, oc/g]}),
         * to {@code part} at {@code at} (written instead when {@code first}): the image's columns
         * read in place from its frame, times {@code dY} laid out over the frame's width (zeros in
         * the extra columns, so the positions that are not outputs add nothing).
         */
        void weightImage(float[] x, float[] dy, int n, float[] part, int at, boolean first) {
            int k = g.kernelSize();
            int ocg = g.ocg();
            int oh = g.oh();
            int ow = g.ow();
            float[] xp = frame(x, n);
            float[] dyp = columns(4, ocg * nPad);
            for (int gr = 0; gr < g.groups(); gr++) {
                java.util.Arrays.fill(dyp, 0, ocg * nPad, 0f);
                for (int o = 0; o < ocg; o++) {
                    int src = (n * g.oc() + gr * ocg + o) * oh * ow;
                    for (int i = 0; i < oh; i++) {
                        System.arraycopy(dy, src + i * ow, dyp, o * nPad + i * wp, ow);
                    }
                }
                ConvTiles.multiplyColumns(xp, offs, gr * k, k, nPad, dyp, 0, nPad, ocg, part, at + gr * k * ocg, ocg,
                        !first);
            }
        }

        /** Output image {@code n} of {@code y} from image {@code n} of {@code x}, plus {@code bias} (or null). */
        void image(float[] x, int n, float[] bias, float[] y) {
            int k = g.kernelSize();
            int ocg = g.ocg();
            int oh = g.oh();
            int ow = g.ow();
            float[] xp = frame(x, n);
            float[] cs = columns(4, ConvTiles.roundUp(ocg, ConvTiles.TILE_ROWS) * nPad);
            for (int gr = 0; gr < g.groups(); gr++) {
                ConvTiles.multiplyRows(packed[gr], ocg, k, xp, offs, gr * k, nPad, cs, nPad);
                for (int o = 0; o < ocg; o++) {
                    float b = bias == null ? 0f : bias[gr * ocg + o];
                    int dst = (n * g.oc() + gr * ocg + o) * oh * ow;
                    for (int i = 0; i < oh; i++) {
                        ConvTiles.copyPlus(cs, o * nPad + i * wp, y, dst + i * ow, ow, b);
                    }
                }
            }
        }
    }

    /**
     * The left factor {@code op(A)} ({@code m x k}) of the products of one call: with the
     * Vector API packed once for {@link ConvTiles}, else kept as stored for {@link ScalarGemm}.
     */
    private record Factor(boolean transA, float[] a, int aOff, int lda, int m, int k, float[] packed) {
        /** A factor shared by every image of a call (the weight): packed into a new array. */
        static Factor of(boolean transA, float[] a, int aOff, int lda, int m, int k) {
            if (!Kernels.SIMD) {
                return new Factor(transA, a, aOff, lda, m, k, null);
            }
            float[] packed = new float[ConvTiles.packedSize(m, k)];
            ConvTiles.packA(transA, a, aOff, lda, m, k, packed);
            return new Factor(transA, a, aOff, lda, m, k, packed);
        }

        /** A factor for one product on this thread: packed into the thread's scratch. */
        static Factor scratch(boolean transA, float[] a, int aOff, int lda, int m, int k) {
            if (!Kernels.SIMD) {
                return new Factor(transA, a, aOff, lda, m, k, null);
            }
            float[] packed = columns(2, ConvTiles.packedSize(m, k));
            ConvTiles.packA(transA, a, aOff, lda, m, k, packed);
            return new Factor(transA, a, aOff, lda, m, k, packed);
        }

        /** {@code C = beta C + op(A) op(B)}, {@code op(B)} being {@code k x n}. */
        void times(boolean transB, float[] b, int bOff, int ldb, int n, float beta, float[] c, int cOff, int ldc) {
            if (packed != null) {
                ConvTiles.multiply(packed, m, k, transB, b, bOff, ldb, n, beta, c, cOff, ldc);
            } else {
                SCALAR.sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
    }

    /** This thread's scratch array {@code which} with room for {@code size} floats (stale contents). */
    private static float[] columns(int which, int size) {
        float[][] s = COLUMNS.get();
        if (s[which].length < size) {
            s[which] = new float[size];
        }
        return s[which];
    }

    /** Runs {@code body} for every index in {@code [0, count)}, claimed one at a time by the pool's threads. */
    interface Index {
        void run(int i);
    }

    private static void forEach(int count, long work, Index body) {
        int parts = work < PARALLEL_ELEMENTS ? 1 : Math.min(count, GemmPool.parallelism());
        if (parts <= 1) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        GemmPool.run(parts, t -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                body.run(i);
            }
        });
    }

    /**
     * A loop over {@code [0, count)} in contiguous ranges; on the pool when there is enough work,
     * in a few ranges per thread taken from a shared counter, so that a thread the system
     * deschedules for a while (a busy machine) delays only the ranges it has taken.
     */
    interface Range {
        void run(int from, int to);
    }

    static void parallel(int count, long work, Range body) {
        int parts = work < PARALLEL_ELEMENTS ? 1 : Math.min(count, GemmPool.parallelism());
        if (parts <= 1) {
            body.run(0, count);
            return;
        }
        int chunks = Math.min(count, 4 * parts);
        AtomicInteger next = new AtomicInteger();
        GemmPool.run(parts, t -> {
            for (int r = next.getAndIncrement(); r < chunks; r = next.getAndIncrement()) {
                body.run((int) ((long) r * count / chunks), (int) ((long) (r + 1) * count / chunks));
            }
        });
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
