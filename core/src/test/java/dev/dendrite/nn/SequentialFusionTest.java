package dev.dendrite.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Parameter;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a Dense layer followed by a ReLU as one fused node; it must give
 * the values and gradients of the plain composition {@code linear(...).relu()}.
 */
class SequentialFusionTest {

    @Test
    void fusedDenseReluMatchesTheComposition() {
        Rng rng = new Rng(11);
        Dense first = new Dense(6, 5, Init.HE_UNIFORM, rng);
        Dense noBias = new Dense(5, 4, false, Init.HE_UNIFORM, rng);
        Dense last = new Dense(4, 3, Init.XAVIER_UNIFORM, rng);
        Sequential net = new Sequential(first, Activation.relu(), noBias, Activation.relu(), last);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 8, 6);

        Var fused = net.forward(Var.constant(x), Mode.EVAL);
        Var h = Var.constant(x).linear(first.weight().var(), first.bias().var()).relu();
        h = h.linear(noBias.weight().var(), null).relu();
        Var plain = h.linear(last.weight().var(), last.bias().var());

        assertThat(fused.value().toArray()).containsExactly(plain.value().toArray());
        Tensor seed = Tensor.uniform(rng, -1f, 1f, 8, 3);
        Gradients gf = fused.backward(seed);
        Gradients gp = plain.backward(seed);
        Map<String, Parameter> params = net.parameters();
        assertThat(params).hasSize(5);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            float[] a = gf.get(e.getValue()).toArray();
            float[] b = gp.get(e.getValue()).toArray();
            assertThat(a).as(e.getKey()).hasSameSizeAs(b);
            for (int i = 0; i < a.length; i++) {
                // the bias gradient is summed in double by the fused node, in float by the composition
                assertThat(a[i]).as("%s[%d]", e.getKey(), i).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        // some units of the first layer are inactive, so the mask matters
        long zeros = 0;
        for (float v : Var.constant(x).linear(first.weight().var(), first.bias().var()).value().toArray()) {
            zeros += v <= 0 ? 1 : 0;
        }
        assertThat(zeros).isPositive();
    }
}
