package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * A named trainable weight. Its current value is the only mutable model state:
 * an optimizer replaces it with {@link #step} (or anyone with {@link #update}),
 * always with the same shape. Each forward pass reads it through {@link #var()},
 * a graph leaf whose gradient {@link Var#backward()} reports under this parameter.
 * Its own name is local ({@code weight}); containers expose it under a dotted
 * path ({@code 0.weight}), which is the key in model files and optimizer state.
 *
 * <h2>Values stay immutable; storage is reused when nobody can see it</h2>
 * A training loop replaces every parameter once per step. Allocating each new
 * value cost more than the optimizer's arithmetic (a fresh 800 KB array is zeroed
 * and brought into cache), so {@link #step} writes the next value into the array
 * of the value before the current one when that array is provably out of sight:
 * <ul>
 *   <li>a tensor handed out by {@link #value()}, read through
 *       {@link Var#value()} from a graph, passed in through {@link #update} or
 *       given to the constructor is <em>pinned</em> and never reused: it stays
 *       the immutable tensor its holder has;</li>
 *   <li>graphs are the only other readers. A graph built from version {@code v}
 *       of this parameter is correct until version {@code v + 2} is written (the
 *       second update after its forward pass); from then on
 *       {@link Var#backward()} and {@link Var#value()} on it fail with a clear
 *       message instead of reading overwritten numbers.</li>
 * </ul>
 * The one case this cannot catch is another thread running a forward pass while
 * training updates the parameter twice under it: serve from a separate copy (a
 * saved and loaded model, or values taken with {@link #value()}) rather than
 * from the parameters being trained.
 */
public final class Parameter {
    /** An optimizer's update rule: reads the current value and writes every element of the next one. */
    @FunctionalInterface
    public interface Update {
        /**
         * @param current the current value, row-major; read it, never write it
         * @param next    where the next value goes: every element must be written
         *                (it may hold stale numbers from an earlier value)
         */
        void write(float[] current, float[] next);
    }

    private final String name;
    private volatile Tensor value;
    /** Bumped by every update; graphs record the version they read. */
    private long version;
    /** Whether the current value has been handed out (then its array is never reused). */
    private boolean pinned;
    /** The previous value's array, reusable by the next {@link #step}; null when it is pinned or not dense. */
    private float[] retired;
    private long retiredVersion = -1;
    /** Values of versions up to this one may have been overwritten. */
    private long overwrittenUpTo = -1;

    /** A parameter starting at {@code value}, which stays pinned (the caller may keep it). */
    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.pinned = true;
    }

    public String name() {
        return name;
    }

    /** The current value. It is pinned: it stays exactly this tensor however training goes on. */
    public synchronized Tensor value() {
        pinned = true;
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    /**
     * Replaces the value; the shape must not change. The caller still holds
     * {@code next}, so it is pinned: its storage is never reused.
     */
    public synchronized void update(Tensor next) {
        if (!next.shape().equals(value.shape())) {
            throw new IllegalArgumentException("parameter " + name + ": update with shape " + next.shape()
                    + ", expected " + value.shape());
        }
        replace(next);
        pinned = true;
    }

    /**
     * Replaces the value by one that {@code rule} computes from the current value:
     * the optimizers' path. The next value is written into an earlier value's array
     * when nothing can see that array any more (see the class comment), else into
     * a new one.
     */
    public synchronized void step(Update rule) {
        Tensor cur = value;
        int n = cur.size();
        float[] next;
        if (retired != null && retired.length == n) {
            next = retired;
            overwrittenUpTo = retiredVersion;
            retired = null;
        } else {
            next = new float[n];
        }
        rule.write(cur.buffer(), next);
        replace(Tensor.wrap(next, cur.shape()));
    }

    private void replace(Tensor next) {
        Tensor old = value;
        retired = pinned ? null : old.denseArray();
        retiredVersion = version;
        version++;
        pinned = false;
        value = next;
    }

    /** A graph leaf holding the current value; gradients flow back to this parameter. */
    public Var var() {
        Tensor v;
        long ver;
        synchronized (this) {
            v = value;
            ver = version;
        }
        return Var.parameterLeaf(this, v, ver);
    }

    /**
     * Called when a graph hands out a value read at version {@code ver}: fails if
     * its array may have been overwritten, else pins it.
     */
    synchronized void pin(long ver, String what) {
        checkFresh(ver, what);
        if (ver == version) {
            pinned = true;
        } else if (retired != null && retiredVersion == ver) {
            retired = null;
        }
    }

    /** Fails when the value of version {@code ver} may have been overwritten. */
    synchronized void checkFresh(long ver, String what) {
        if (ver <= overwrittenUpTo) {
            throw new IllegalStateException(what + ": parameter " + name + " has been updated twice since this graph"
                    + " was built, and its old value is gone; run the forward pass again");
        }
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + value.shape();
    }
}
