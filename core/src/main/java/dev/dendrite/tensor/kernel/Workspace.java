package dev.dendrite.tensor.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrays of one training step's large intermediate values (matrix products
 * of the forward and backward passes), lent while the step runs and taken back
 * when it ends, so that the next step of the same shapes allocates nothing for
 * them. Whoever runs a step owns one workspace and brackets each step with
 * {@link #enter()} and {@link Scope#close()}; kernels ask {@link #take} for an
 * output array, which comes from the workspace entered on this thread, or is a
 * new array when there is none.
 *
 * <p>This is the project's only reuse of tensor storage, and no public type shows
 * it: the training loop enters its workspace around forward, backward and the
 * optimizer update, and none of the values computed inside escape the step
 * (the loss leaves as a number, the gradients are consumed by the update).
 * Outside a step, for example when a model predicts, every value is a fresh
 * array that nobody changes afterwards.
 */
public final class Workspace {
    /** Arrays shorter than this are cheaper to allocate than to lend. */
    static final int MIN_LENT = 4096;
    /** Free arrays kept per length, so that a change of shapes cannot grow the pool without bound. */
    private static final int MAX_FREE_PER_LENGTH = 16;
    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> lent = new ArrayList<>();
    private boolean entered;

    /** The time one step runs inside a workspace: closing it takes back every array lent. */
    public final class Scope implements AutoCloseable {
        private final Workspace previous;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            ACTIVE.set(previous);
            entered = false;
            for (float[] a : lent) {
                ArrayDeque<float[]> q = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (q.size() < MAX_FREE_PER_LENGTH) {
                    q.addFirst(a);
                }
            }
            lent.clear();
        }
    }

    /** Makes this the workspace of the calling thread until the scope closes. */
    public Scope enter() {
        if (entered) {
            throw new IllegalStateException("workspace: already entered (one step at a time)");
        }
        entered = true;
        Scope s = new Scope(ACTIVE.get());
        ACTIVE.set(this);
        return s;
    }

    /**
     * An array of length {@code n} for an output that the caller overwrites
     * completely: from the calling thread's workspace (stale contents) when one is
     * entered, else a new one.
     */
    public static float[] take(int n) {
        Workspace w = n >= MIN_LENT ? ACTIVE.get() : null;
        return w == null ? new float[n] : w.lend(n);
    }

    private float[] lend(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.pollFirst();
        if (a == null) {
            a = new float[n];
        }
        lent.add(a);
        return a;
    }

    /** The number of arrays kept for reuse (for tests). */
    int freeCount() {
        int c = 0;
        for (ArrayDeque<float[]> q : free.values()) {
            c += q.size();
        }
        return c;
    }
}
