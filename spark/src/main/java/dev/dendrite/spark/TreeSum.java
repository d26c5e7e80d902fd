package dev.dendrite.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one float vector per partition, added in a fixed binary tree over
 * the partition indices, so the result is the same float for float whatever
 * order Spark's {@code treeAggregate} merges partial results in (task
 * completion order is not deterministic, and float addition is not
 * associative). A partial result keeps the subtrees it has; when both children
 * of a node are present it adds left + right and moves up. A partition that had
 * no rows sends {@code null}, which counts as zero. Besides the vector it
 * carries the largest and the summed compute time of the partitions (for the
 * overhead report), which do not depend on order either.
 */
public final class TreeSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final int leaves;
    /** Complete subtrees by heap index (root 1, leaf i at leaves + i); a null value is a zero subtree. */
    private final TreeMap<Integer, float[]> nodes = new TreeMap<>();
    private final TreeMap<Integer, Boolean> present = new TreeMap<>();
    /** The partitions added so far, here or in merged partial results. */
    private final java.util.BitSet arrived = new java.util.BitSet();
    private long maxComputeNanos;
    private long sumComputeNanos;

    public TreeSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("tree sum: need at least one partition, got " + partitions);
        }
        this.partitions = partitions;
        int l = 1;
        while (l < partitions) {
            l <<= 1;
        }
        this.leaves = l;
    }

    /** Adds partition {@code index}'s vector (null: the partition had no rows); each index exactly once. */
    public TreeSum add(int index, float[] vector, long computeNanos) {
        if (index < 0 || index >= partitions) {
            throw new IllegalArgumentException("tree sum: partition " + index + " of " + partitions);
        }
        if (arrived.get(index)) {
            throw new IllegalStateException("tree sum: partition " + index + " arrived twice");
        }
        arrived.set(index);
        maxComputeNanos = Math.max(maxComputeNanos, computeNanos);
        sumComputeNanos += computeNanos;
        put(leaves + index, vector);
        return this;
    }

    /** Adds a partial result that covers other partitions (Spark's combine function). */
    public TreeSum merge(TreeSum other) {
        if (other.partitions != partitions) {
            throw new IllegalArgumentException("tree sum: " + other.partitions + " partitions against " + partitions);
        }
        if (arrived.intersects(other.arrived)) {
            throw new IllegalStateException("tree sum: partitions " + other.arrived + " and " + arrived + " overlap");
        }
        arrived.or(other.arrived);
        maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
        sumComputeNanos += other.sumComputeNanos;
        for (Map.Entry<Integer, Boolean> e : other.present.entrySet()) {
            put(e.getKey(), other.nodes.get(e.getKey()));
        }
        return this;
    }

    /** Whether every partition has been added. */
    public boolean complete() {
        return present.containsKey(1);
    }

    /** The total (null when no partition had rows); fails unless {@link #complete()}. */
    public float[] total() {
        if (!complete()) {
            throw new IllegalStateException("tree sum: only subtrees " + present.keySet() + " of " + partitions
                    + " partitions arrived");
        }
        return nodes.get(1);
    }

    public long maxComputeNanos() {
        return maxComputeNanos;
    }

    public long sumComputeNanos() {
        return sumComputeNanos;
    }

    private void put(int node, float[] vector) {
        if (present.containsKey(node)) {
            throw new IllegalStateException("tree sum: subtree " + node + " arrived twice");
        }
        float[] v = vector;
        int n = node;
        while (n > 1) {
            int sibling = n ^ 1;
            boolean siblingEmpty = firstLeaf(sibling) >= partitions;
            if (!siblingEmpty && !present.containsKey(sibling)) {
                break;
            }
            float[] s = siblingEmpty ? null : nodes.remove(sibling);
            present.remove(sibling);
            v = (n & 1) == 0 ? plus(v, s) : plus(s, v);
            n >>= 1;
        }
        present.put(n, Boolean.TRUE);
        nodes.put(n, v);
    }

    /** The index of the first partition under heap node {@code node}. */
    private int firstLeaf(int node) {
        int n = node;
        while (n < leaves) {
            n <<= 1;
        }
        return n - leaves;
    }

    private static float[] plus(float[] left, float[] right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        if (left.length != right.length) {
            throw new IllegalStateException("tree sum: vectors of " + left.length + " and " + right.length + " values");
        }
        float[] out = new float[left.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = left[i] + right[i];
        }
        return out;
    }
}
