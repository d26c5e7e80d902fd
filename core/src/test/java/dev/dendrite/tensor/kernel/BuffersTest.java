package dev.dendrite.tensor.kernel;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A recycled array comes back with stale contents; a matrix product must overwrite every element. */
class BuffersTest {

    @Test
    void recycledGarbageNeverLeaksIntoAProduct() {
        int m = 64;
        int n = 80;
        // 5,120 NaNs handed back to the pool
        Tensor.full(Float.NaN, m, n).recycle();
        Rng rng = new Rng(2);
        Tensor a = Tensor.uniform(rng, -1, 1, m, 33);
        Tensor b = Tensor.uniform(rng, -1, 1, 33, n);
        Tensor c = a.matmul(b);
        float[] expected = new float[m * n];
        new ScalarGemm().sgemm(false, false, m, n, 33, 1f, a.toArray(), 0, 33, b.toArray(), 0, n, 0f, expected, 0, n);
        assertThat(c.hasNonFinite()).isFalse();
        assertThat(c.toArray()).containsExactly(expected, within(1e-4f));
    }

    @Test
    void viewsAndSmallArraysAreNotPooled() {
        float[] big = new float[Buffers.MIN_POOLED * 2];
        Tensor whole = Tensor.wrap(big, dev.dendrite.tensor.Shape.of(2, Buffers.MIN_POOLED));
        // a slice does not own the whole array: recycling it must not hand the array out
        whole.slice(0, 0, 1).recycle();
        float[] next = Buffers.take(big.length);
        assertThat(next).isNotSameAs(big);
    }
}
