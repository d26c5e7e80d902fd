package dev.dendrite.autograd;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** backward() sorts the graph iteratively, so depth is limited by memory, not by the call stack. */
class DeepGraphTest {

    @Test
    void aChainOfTwoHundredThousandNodes() {
        Var x = Var.variable(Tensor.scalar(1f));
        Var y = x;
        int depth = 200_000;
        for (int i = 0; i < depth; i++) {
            y = y.add(0.5f);
        }
        Gradients g = y.mul(y).backward();
        // y = x + depth/2, d(y^2)/dx = 2y
        assertThat(g.get(x).item()).isCloseTo(2f * (1f + depth / 2f), within(1f));
    }

    @Test
    void sharedSubexpressionsAccumulate() {
        Var x = Var.variable(Tensor.scalar(3f));
        Var a = x.mul(x);
        Var y = a.add(a).add(a.mul(x));
        // y = 2x^2 + x^3, dy/dx = 4x + 3x^2 = 12 + 27
        assertThat(y.backward().get(x).item()).isEqualTo(39f);
    }
}
