package dev.dendrite.autograd;

import dev.dendrite.loss.BinaryCrossEntropy;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.loss.SquaredError;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpropagation against central differences for every differentiable
 * operation, one row per op. Inputs are kept away from kinks (relu at 0, max
 * ties) and from the poles of log and div, where a finite difference straddles
 * a discontinuity of the derivative. Tolerances: {@link GradCheck.Options#defaults()}.
 */
class GradCheckTableTest {

    private record Case(String name, Function<List<Var>, Var> f, List<Tensor> inputs) {
    }

    private static final Rng RNG = new Rng(7);

    /** Values in [-2, 2] with |x| >= 0.1, so no element sits at a kink of relu or abs. */
    private static Tensor offKink(int... dims) {
        Tensor u = Tensor.uniform(RNG, 0.1f, 2f, dims);
        Tensor sign = Tensor.uniform(RNG, -1f, 1f, dims);
        return Tensor.fromFunction(u.shape(), i -> u.toArray()[i] * (sign.toArray()[i] < 0 ? -1 : 1));
    }

    private static Tensor positive(int... dims) {
        return Tensor.uniform(RNG, 0.5f, 2f, dims);
    }

    /** Distinct values (spaced 0.3 apart, shuffled) so max has no ties within a finite-difference step. */
    private static Tensor distinct(int... dims) {
        Shape s = Shape.of(dims);
        int[] perm = RNG.permutation(s.size());
        return Tensor.fromFunction(s, i -> perm[i] * 0.3 - s.size() * 0.15);
    }

    private static List<Case> cases() {
        Tensor labels = Tensor.vector(2, 0, 1, 2);
        Tensor soft = Tensor.of(new float[] {0.2f, 0.3f, 0.5f, 1f, 0f, 0f, 0.1f, 0.8f, 0.1f, 0.3f, 0.3f, 0.4f}, 4, 3);
        Tensor binary = Tensor.of(new float[] {1, 0, 0, 1, 1, 0}, 2, 3);
        return List.of(
                new Case("add", v -> v.get(0).add(v.get(1)), List.of(offKink(3, 4), offKink(3, 4))),
                new Case("add broadcast row", v -> v.get(0).add(v.get(1)), List.of(offKink(3, 4), offKink(4))),
                new Case("add broadcast column", v -> v.get(0).add(v.get(1)), List.of(offKink(3, 4), offKink(3, 1))),
                new Case("add scalar", v -> v.get(0).add(2.5f), List.of(offKink(2, 3))),
                new Case("sub", v -> v.get(0).sub(v.get(1)), List.of(offKink(3, 4), offKink(1, 4))),
                new Case("mul", v -> v.get(0).mul(v.get(1)), List.of(offKink(3, 4), offKink(3, 4))),
                new Case("mul broadcast", v -> v.get(0).mul(v.get(1)), List.of(offKink(2, 3, 4), offKink(3, 1))),
                new Case("scale", v -> v.get(0).mul(-1.5f), List.of(offKink(5))),
                new Case("div", v -> v.get(0).div(v.get(1)), List.of(offKink(3, 4), positive(3, 4))),
                new Case("div broadcast", v -> v.get(0).div(v.get(1)), List.of(offKink(3, 4), positive(4))),
                new Case("neg", v -> v.get(0).neg(), List.of(offKink(3, 4))),
                new Case("exp", v -> v.get(0).exp(), List.of(offKink(3, 4))),
                new Case("log", v -> v.get(0).log(), List.of(positive(3, 4))),
                new Case("pow 2", v -> v.get(0).pow(2f), List.of(offKink(3, 4))),
                new Case("pow 3", v -> v.get(0).pow(3f), List.of(offKink(3, 4))),
                new Case("pow 0.5", v -> v.get(0).pow(0.5f), List.of(positive(3, 4))),
                new Case("relu", v -> v.get(0).relu(), List.of(offKink(3, 4))),
                new Case("leaky relu", v -> v.get(0).leakyRelu(0.1f), List.of(offKink(3, 4))),
                new Case("sigmoid", v -> v.get(0).sigmoid(), List.of(offKink(3, 4))),
                new Case("tanh", v -> v.get(0).tanh(), List.of(offKink(3, 4))),
                new Case("sum all", v -> v.get(0).sum(), List.of(offKink(3, 4))),
                new Case("sum axis 0", v -> v.get(0).sum(false, 0), List.of(offKink(3, 4))),
                new Case("sum axis 1 keepdims", v -> v.get(0).sum(true, 1), List.of(offKink(3, 4))),
                new Case("sum axes 0,2 of 3-D", v -> v.get(0).sum(false, 0, 2), List.of(offKink(2, 3, 4))),
                new Case("mean all", v -> v.get(0).mean(), List.of(offKink(3, 4))),
                new Case("mean axis -1", v -> v.get(0).mean(false, -1), List.of(offKink(3, 4))),
                new Case("max axis 1", v -> v.get(0).max(1, false), List.of(distinct(3, 4))),
                new Case("max axis 0 keepdims", v -> v.get(0).max(0, true), List.of(distinct(3, 4))),
                new Case("max axis 1 of 3-D", v -> v.get(0).max(1, false), List.of(distinct(2, 3, 4))),
                new Case("reshape", v -> v.get(0).reshape(4, 3).mul(v.get(1)), List.of(offKink(3, 4), offKink(4, 3))),
                new Case("transpose", v -> v.get(0).transpose().mul(v.get(1)), List.of(offKink(3, 4), offKink(4, 3))),
                new Case("broadcastTo", v -> v.get(0).broadcastTo(Shape.of(3, 4)).mul(v.get(1)), List.of(offKink(1, 4), offKink(3, 4))),
                new Case("slice", v -> v.get(0).slice(1, 1, 3), List.of(offKink(3, 4))),
                new Case("gather (repeated rows)", v -> v.get(0).gather(new int[] {2, 0, 2}), List.of(offKink(3, 4))),
                new Case("matmul", v -> v.get(0).matmul(v.get(1)), List.of(offKink(3, 5), offKink(5, 2))),
                new Case("matmul with transposed view", v -> v.get(0).matmul(v.get(1).transpose()), List.of(offKink(3, 5), offKink(2, 5))),
                new Case("linear", v -> v.get(0).linear(v.get(1), v.get(2)), List.of(offKink(4, 3), offKink(3, 5), offKink(5))),
                new Case("linear without bias", v -> v.get(0).linear(v.get(1), null), List.of(offKink(4, 3), offKink(3, 5))),
                new Case("softmax", v -> v.get(0).softmax(1), List.of(offKink(3, 4))),
                new Case("softmax axis 0", v -> v.get(0).softmax(0), List.of(offKink(3, 4))),
                new Case("logSoftmax", v -> v.get(0).logSoftmax(1), List.of(offKink(3, 4))),
                new Case("squared error sum", v -> SquaredError.sum().apply(v.get(0), Tensor.ones(3, 2)), List.of(offKink(3, 2))),
                new Case("squared error mean", v -> SquaredError.mean().apply(v.get(0), Tensor.ones(3, 2)), List.of(offKink(3, 2))),
                new Case("cross-entropy (labels)", v -> new CrossEntropy().apply(v.get(0), labels), List.of(offKink(4, 3))),
                new Case("cross-entropy (distributions)", v -> new CrossEntropy().apply(v.get(0), soft), List.of(offKink(4, 3))),
                new Case("cross-entropy with class weights (labels)", v -> CrossEntropy.weighted(0.5f, 2f, 1.25f)
                        .apply(v.get(0), labels), List.of(offKink(4, 3))),
                new Case("cross-entropy with class weights (distributions)", v -> CrossEntropy.weighted(3f, 0.25f, 1f)
                        .apply(v.get(0), soft), List.of(offKink(4, 3))),
                // rows weighted 0, 1.7 and 0.5 in total: the fused node's gradient scales softmax by each row's mass
                new Case("softmax cross-entropy (unnormalised weights)", v -> v.get(0).softmaxCrossEntropy(
                        Tensor.of(new float[] {0, 0, 0, 0.9f, 0.8f, 0f, 0.1f, 0.1f, 0.3f}, 3, 3)), List.of(offKink(3, 3))),
                new Case("binary cross-entropy", v -> new BinaryCrossEntropy().apply(v.get(0), binary), List.of(offKink(2, 3))),
                // BCE is smooth at x = 0, where the old composite through |x| took the kink's zero slope
                new Case("binary cross-entropy, logits at 0", v -> new BinaryCrossEntropy().apply(v.get(0),
                        Tensor.of(new float[] {0, 1, 0.25f, 1, 0.5f, 0}, 2, 3)),
                        List.of(Tensor.of(new float[] {0, 0, 0, 0, 1.5f, -0.75f}, 2, 3))),
                new Case("linearRelu", v -> v.get(0).linearRelu(v.get(1), v.get(2)),
                        List.of(offKink(3, 4), offKink(4, 5), offKink(5))),
                new Case("linearRelu without bias", v -> v.get(0).linearRelu(v.get(1), null),
                        List.of(offKink(3, 4), offKink(4, 5))),
                new Case("dense layer composite", v -> v.get(0).matmul(v.get(1)).add(v.get(2)).tanh(),
                        List.of(offKink(4, 3), offKink(3, 2), offKink(2))));
    }

    @TestFactory
    Stream<DynamicTest> everyOpAgreesWithFiniteDifferences() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GradCheck.Report r = GradCheck.check(c.f(), c.inputs(), GradCheck.Options.defaults());
            assertThat(r.passed()).as(c.name() + ": " + r.worst()).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> aWrongRuleIsCaught() {
        // the checker must fail when the analytic gradient is wrong: compare x*x's
        // true gradient (2x) against a function whose value is x*x*1.1 (gradient 2.2x)
        return Stream.of(DynamicTest.dynamicTest("detects a 10% error", () -> {
            Tensor x = offKink(3, 3);
            Function<List<Var>, Var> wrong = v -> {
                Var a = v.get(0);
                // value from one expression, gradient from another: detach mixes them
                Var value = a.mul(a).mul(1.1f);
                Var grad = a.mul(a);
                return grad.add(value.sub(grad).detach());
            };
            assertThat(GradCheck.check(wrong, List.of(x), GradCheck.Options.defaults()).passed()).isFalse();
        }));
    }
}
