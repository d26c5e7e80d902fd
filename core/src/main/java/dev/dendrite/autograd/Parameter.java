package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;

/**
 * A named trainable weight. Its current value is the only mutable model state:
 * an optimizer replaces it with {@link #step} (or touches some rows with
 * {@link #stepRows}), anyone may replace it with {@link #update}, always with the
 * same shape. Each forward pass reads it through {@link #var()}, a graph leaf
 * whose gradient {@link Var#backward()} reports under this parameter. Its own
 * name is local ({@code weight}); containers expose it under a dotted path
 * ({@code 0.weight}), which is the key in model files and optimizer state.
 *
 * <p>Every tensor this class hands out is a copy that never changes:
 * {@link #value()} returns an immutable snapshot of the current value, and
 * {@link #update} copies what it is given. How the storage behind the
 * parameter is reused from step to step is this class's own business.
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

    /** An update of some rows in place, for row-sparse gradients. */
    @FunctionalInterface
    public interface RowUpdate {
        /**
         * @param value the parameter's storage, row-major, {@code rows x width}; change only the rows given
         * @param width the number of values in one row (the product of the dimensions after the first)
         */
        void write(float[] value, int width);
    }

    private final String name;
    private final Shape shape;
    /** The storage that graphs read. */
    private float[] current;
    /**
     * The storage of the value before the current one: the next {@link #step} writes
     * into it, so a step allocates nothing. A graph built on that older value is
     * then refused (see {@link #checkFresh}).
     */
    private float[] spare;
    private long spareVersion = -1;
    /** Bumped by every change; graphs record the version they read. */
    private long version;
    /** Values of versions up to this one may have been overwritten. */
    private long overwrittenUpTo = -1;
    /** How the last overwrite came about, for the message of {@link #checkFresh}. */
    private String overwrittenBy = "updated twice";
    /** The copy {@link #value()} handed out for {@link #snapshotVersion}. */
    private Tensor snapshot;
    private long snapshotVersion = -1;

    /** A parameter starting at a copy of {@code value}. */
    public Parameter(String name, Tensor value) {
        this.name = name;
        this.shape = value.shape();
        this.current = value.toArray();
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The current value, as a tensor that stays exactly this however training goes on. */
    public synchronized Tensor value() {
        if (snapshotVersion != version) {
            snapshot = Tensor.wrap(current.clone(), shape);
            snapshotVersion = version;
        }
        return snapshot;
    }

    /** Replaces the value by a copy of {@code next}; the shape must not change. */
    public synchronized void update(Tensor next) {
        if (!next.shape().equals(shape)) {
            throw new IllegalArgumentException("parameter " + name + ": update with shape " + next.shape()
                    + ", expected " + shape);
        }
        retire(next.toArray());
    }

    /**
     * Replaces the value by one that {@code rule} computes from the current value:
     * the optimizers' path for dense gradients.
     */
    public synchronized void step(Update rule) {
        float[] next;
        if (spare != null) {
            next = spare;
            if (spareVersion > overwrittenUpTo) {
                overwrittenUpTo = spareVersion;
                overwrittenBy = "updated twice";
            }
        } else {
            next = new float[current.length];
        }
        rule.write(current, next);
        retire(next);
    }

    /**
     * Changes some rows of the value in place: the optimizers' path for row-sparse
     * gradients, whose cost must not grow with the number of rows that were not
     * touched. Graphs built on the value before are refused afterwards.
     */
    public synchronized void stepRows(RowUpdate rule) {
        int width = shape.rank() == 0 ? 1 : current.length / Math.max(1, shape.dim(0));
        rule.write(current, width);
        overwrittenUpTo = version;
        overwrittenBy = "updated in place";
        version++;
        if (spareVersion >= 0) {
            // the spare's contents are stale either way; it is still reusable storage
            spareVersion = version - 1;
        }
    }

    private void retire(float[] next) {
        spare = current;
        spareVersion = version;
        current = next;
        version++;
    }

    /** A graph leaf reading the current value; gradients flow back to this parameter. */
    public synchronized Var var() {
        return Var.parameterLeaf(this, Tensor.wrap(current, shape), version);
    }

    /** Fails when the value of version {@code ver} may have been overwritten. */
    synchronized void checkFresh(long ver, String what) {
        if (ver <= overwrittenUpTo) {
            throw new IllegalStateException(what + ": parameter " + name + " has been " + overwrittenBy
                    + " since this graph was built, and its old value is gone; run the forward pass again");
        }
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + shape;
    }
}
