package dev.dendrite.tensor.kernel;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-step workspace: arrays come back for the next step, and nothing outside a step is ever lent. */
class WorkspaceTest {

    @Test
    void aStepsProductArraysAreReusedByTheNextStep() {
        Workspace w = new Workspace();
        Rng rng = new Rng(1);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 64, 100);
        Tensor b = Tensor.uniform(rng, -1f, 1f, 100, 80);
        float[] first;
        try (Workspace.Scope s = w.enter()) {
            first = a.matmul(b).denseArray();
        }
        assertThat(w.freeCount()).isEqualTo(1);
        try (Workspace.Scope s = w.enter()) {
            Tensor again = a.matmul(b);
            assertThat(again.denseArray()).isSameAs(first);
            // the reused array holds the right numbers: stale contents were overwritten completely
            float[] expect = new float[64 * 80];
            new ScalarGemm().sgemm(false, false, 64, 80, 100, 1f, a.toArray(), 0, 100, b.toArray(), 0, 80, 0f,
                    expect, 0, 80);
            assertThat(again.allClose(Tensor.of(expect, 64, 80), 1e-4f)).isTrue();
        }
    }

    @Test
    void outsideAStepEveryProductIsAFreshArray() {
        Rng rng = new Rng(2);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 64, 100);
        Tensor b = Tensor.uniform(rng, -1f, 1f, 100, 80);
        Tensor kept = a.matmul(b);
        float[] copy = kept.toArray();
        Workspace w = new Workspace();
        for (int i = 0; i < 3; i++) {
            try (Workspace.Scope s = w.enter()) {
                b.transpose().matmul(a.transpose());
            }
        }
        assertThat(a.matmul(b).denseArray()).isNotSameAs(kept.denseArray());
        assertThat(kept.toArray()).containsExactly(copy);
    }

    @Test
    void smallOutputsAreNotLentAndScopesDoNotNest() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.enter()) {
            Tensor.ones(4, 4).matmul(Tensor.ones(4, 4));
            assertThatThrownBy(w::enter).hasMessageContaining("already entered");
        }
        assertThat(w.freeCount()).isZero();
    }
}
