package dev.dendrite.nn;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Fusion}'s batch norm then ReLU rule: a {@link Sequential} runs the pair
 * as one node, and that node gives exactly the values of the two layers run one
 * after the other (outputs, input and parameter gradients, running
 * statistics), in training and in evaluation, for image channels (planes long
 * enough for the vector loops, with a tail) and for plain features.
 */
class BatchNormReluFusionTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fusedPairEqualsTheTwoLayers(boolean images) {
        Shape perExample = images ? Shape.of(3, 5, 5) : Shape.of(6);
        int[] dims = images ? new int[] {4, 3, 5, 5} : new int[] {7, 6};
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -2f, 2f, dims);
        Tensor seed = Tensor.uniform(rng, -1f, 1f, dims);
        Tensor gammaInit = Tensor.uniform(rng, 0.5f, 1.5f, perExample.dim(0));
        Tensor betaInit = Tensor.uniform(rng, -0.5f, 0.5f, perExample.dim(0));

        BatchNorm fusedBn = new BatchNorm();
        Sequential fused = new Sequential(fusedBn, Activation.relu()).build(perExample, new Rng(1));
        BatchNorm plainBn = new BatchNorm();
        plainBn.build(java.util.List.of(perExample), new Rng(1));
        Activation relu = Activation.relu();
        for (BatchNorm bn : new BatchNorm[] {fusedBn, plainBn}) {
            bn.parameters().get("weight").update(gammaInit);
            bn.parameters().get("bias").update(betaInit);
        }

        for (int step = 0; step < 2; step++) {
            Var xf = Var.variable(x);
            Var yf = fused.forward(xf, Mode.train(new Rng(1)));
            assertThat(yf.op()).isEqualTo("batch_norm_relu");
            Var xp = Var.variable(x);
            Var yp = relu.forward(plainBn.forward(xp, Mode.train(new Rng(1))), Mode.train(new Rng(1)));
            assertThat(yf.value().toArray()).containsExactly(yp.value().toArray());
            Gradients gf = yf.backward(seed);
            Gradients gp = yp.backward(seed);
            assertThat(gf.get(xf).toArray()).containsExactly(gp.get(xp).toArray());
            for (String p : new String[] {"weight", "bias"}) {
                assertThat(gf.get(fusedBn.parameters().get(p)).toArray()).as(p)
                        .containsExactly(gp.get(plainBn.parameters().get(p)).toArray());
            }
            for (String b : new String[] {"running_mean", "running_var"}) {
                assertThat(fusedBn.buffers().get(b).value().toArray()).as(b)
                        .containsExactly(plainBn.buffers().get(b).value().toArray());
            }
        }
        Var ef = fused.forward(Var.constant(x), Mode.EVAL);
        assertThat(ef.op()).isEqualTo("batch_norm_relu");
        Var ep = relu.forward(plainBn.forward(Var.constant(x), Mode.EVAL), Mode.EVAL);
        assertThat(ef.value().toArray()).containsExactly(ep.value().toArray());
        // the ReLU really ran: about half the normalised values are negative
        long zeros = 0;
        for (float v : ef.value().toArray()) {
            zeros += v == 0f ? 1 : 0;
        }
        assertThat(zeros).isPositive();
    }
}
