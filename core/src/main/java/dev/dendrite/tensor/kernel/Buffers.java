package dev.dendrite.tensor.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A small pool of float arrays for outputs that a kernel overwrites completely
 * (a GEMM with {@code beta = 0} never reads C), so that a training loop can hand
 * back the arrays of a step's gradients and the next step need not allocate and
 * zero them again. Only arrays handed back explicitly are reused; a taken array
 * holds garbage and must be fully written.
 */
public final class Buffers {
    /** Arrays shorter than this are cheaper to allocate than to pool. */
    public static final int MIN_POOLED = 4096;
    private static final int MAX_PER_SIZE = 8;
    private static final Map<Integer, ArrayDeque<float[]>> POOL = new HashMap<>();

    private Buffers() {
    }

    /** An array of length {@code n}: a pooled one (with stale contents) or a new one. */
    public static float[] take(int n) {
        if (n >= MIN_POOLED) {
            synchronized (POOL) {
                ArrayDeque<float[]> q = POOL.get(n);
                float[] a = q == null ? null : q.pollFirst();
                if (a != null) {
                    return a;
                }
            }
        }
        return new float[n];
    }

    /** Returns an array that nothing references any more. */
    public static void give(float[] a) {
        if (a.length < MIN_POOLED) {
            return;
        }
        synchronized (POOL) {
            ArrayDeque<float[]> q = POOL.computeIfAbsent(a.length, k -> new ArrayDeque<>());
            if (q.size() < MAX_PER_SIZE) {
                q.addFirst(a);
            }
        }
    }
}
