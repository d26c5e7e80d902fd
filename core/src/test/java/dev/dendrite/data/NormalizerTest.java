package dev.dendrite.data;

import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NormalizerTest {
    /** Three rows, columns: (1, 2, 3), (5, 5, 5) constant, (-2, 0, 2). */
    private static final Tensor X = Tensor.of(new float[] {1, 5, -2, 2, 5, 0, 3, 5, 2}, 3, 3);

    private static Dataset data(Tensor x) {
        return Dataset.regression(x, Dataset.numberedNames("f", x.dim(1)), Tensor.zeros(x.dim(0), 1));
    }

    @Test
    void standardize() {
        Normalizer n = Normalizer.of(Normalizer.Kind.STANDARDIZE).fit(data(X));
        // column 0: mean 2, population std sqrt(2/3) = 0.8165; column 1 constant: std 0 -> 1;
        // column 2: mean 0, std sqrt(8/3) = 1.63299
        assertThat(n.state().get("mean").toArray()).containsExactly(2, 5, 0);
        assertThat(n.state().get("std").toArray()).containsExactly(new float[] {0.8164966f, 1f, 1.6329932f}, within(1e-6f));
        float[] y = n.apply(X).toArray();
        // (1 - 2) / 0.8165 = -1.2247; constant column maps to 0; -2 / 1.633 = -1.2247
        assertThat(y).containsExactly(new float[] {-1.2247449f, 0, -1.2247449f, 0, 0, 0, 1.2247449f, 0, 1.2247449f},
                within(1e-5f));
    }

    @Test
    void minMax() {
        Normalizer n = Normalizer.of(Normalizer.Kind.MIN_MAX).fit(data(X));
        assertThat(n.state().get("min").toArray()).containsExactly(1, 5, -2);
        assertThat(n.state().get("max").toArray()).containsExactly(3, 5, 2);
        assertThat(n.apply(X).toArray()).containsExactly(0, 0, 0, 0.5f, 0, 0.5f, 1, 0, 1);
        // unseen data: the constant column still maps to 0, others extrapolate linearly
        assertThat(n.apply(Tensor.of(new float[] {5, 9, 4}, 1, 3)).toArray()).containsExactly(2, 0, 1.5f);
    }

    @Test
    void scaleFittedOrFixed() {
        Normalizer fitted = Normalizer.of(Normalizer.Kind.SCALE).fit(data(X));
        assertThat(fitted.state().get("scale").toArray()).containsExactly(5); // the largest |x|
        assertThat(fitted.apply(X).get(0, 0)).isEqualTo(0.2f);
        Normalizer fixed = Normalizer.scale(255);
        assertThat(fixed.fit(data(X))).isSameAs(fixed);
        assertThat(fixed.apply(Tensor.of(new float[] {255, 51}, 1, 2)).toArray()).containsExactly(1f, 0.2f);
        assertThat(Normalizer.of(Normalizer.Kind.SCALE).fit(Datasets.digits()).state().get("scale").item())
                .isEqualTo(16f);
    }

    @Test
    void noneIsIdentity() {
        Normalizer n = Normalizer.of(Normalizer.Kind.NONE);
        assertThat(n.isFitted()).isTrue();
        assertThat(n.fit(data(X)).apply(X)).isEqualTo(X);
        assertThat(n.state()).isEmpty();
    }

    @Test
    void restoreFromStateAppliesIdentically() {
        Tensor train = Tensor.normal(new Rng(3), 10f, 4f, 50, 6);
        Tensor test = Tensor.normal(new Rng(4), 10f, 4f, 20, 6);
        for (Normalizer.Kind kind : Normalizer.Kind.values()) {
            Normalizer fitted = Normalizer.of(kind).fit(data(train));
            Normalizer restored = Normalizer.restore(fitted.kind(), Map.copyOf(fitted.state()));
            assertThat(restored).isEqualTo(fitted);
            assertThat(restored.apply(test)).isEqualTo(fitted.apply(test));
        }
    }

    @Test
    void standardizedTrainingDataHasZeroMeanUnitStd() {
        Tensor train = Tensor.normal(new Rng(5), 3f, 7f, 400, 4);
        Tensor z = Normalizer.fit(Normalizer.Kind.STANDARDIZE, train).apply(train);
        Tensor mean = z.mean(false, 0);
        Tensor var = z.mul(z).mean(false, 0);
        assertThat(mean.toArray()).containsOnly(new float[] {0, 0, 0, 0}, within(1e-5f));
        for (float v : var.toArray()) {
            assertThat(v).isCloseTo(1f, within(1e-4f));
        }
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> Normalizer.of(Normalizer.Kind.STANDARDIZE).apply(X))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not fitted");
        Normalizer n = Normalizer.of(Normalizer.Kind.MIN_MAX).fit(data(X));
        assertThatThrownBy(() -> n.apply(Tensor.zeros(2, 4)))
                .hasMessage("Normalizer.apply: fitted on 3 features, got [2, 4]");
        assertThatThrownBy(() -> Normalizer.restore(Normalizer.Kind.STANDARDIZE, Map.of("mean", Tensor.zeros(3))))
                .hasMessageContaining("needs tensors");
        assertThatThrownBy(() -> Normalizer.restore(Normalizer.Kind.MIN_MAX,
                Map.of("min", Tensor.zeros(3), "max", Tensor.zeros(4)))).hasMessageContaining("all of equal length");
        assertThatThrownBy(() -> Normalizer.scale(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appliesToDatasets() {
        Dataset d = Dataset.classification(X, List.of("a", "b", "c"), new int[] {0, 1, 0}, List.of("x", "y"));
        Dataset scaled = Normalizer.scale(5).apply(d);
        assertThat(scaled.featureNames()).containsExactly("a", "b", "c");
        assertThat(scaled.labels()).containsExactly(0, 1, 0);
        assertThat(scaled.features().get(1, 1)).isEqualTo(1f);
    }

    @Test
    void theOnePassLoopGivesBitForBitWhatSubtractThenDivideGives() {
        // apply() runs a plain loop; the tensor operations it replaced are the reference
        dev.dendrite.tensor.Rng rng = new dev.dendrite.tensor.Rng(11);
        int n = 37;
        int f = 19;
        float[] x = new float[n * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rng.nextFloat() - 0.3f) * 1e3f;
        }
        x[5] = -0f;
        x[7] = Float.NaN;
        for (int r = 0; r < n; r++) {
            x[r * f + 3] = 2.5f; // a constant column: divisor 1 (standardize) or infinity (min-max)
        }
        Tensor t = Tensor.wrap(x, dev.dendrite.tensor.Shape.of(n, f));
        for (Normalizer.Kind kind : new Normalizer.Kind[] {Normalizer.Kind.SCALE, Normalizer.Kind.STANDARDIZE,
                Normalizer.Kind.MIN_MAX}) {
            Normalizer fitted = Normalizer.fit(kind, t);
            Map<String, Tensor> st = fitted.state();
            Tensor expected = switch (kind) {
                case SCALE -> t.div(st.get("scale"));
                case STANDARDIZE -> t.sub(st.get("mean")).div(st.get("std"));
                default -> {
                    float[] lo = st.get("min").toArray();
                    float[] range = st.get("max").toArray();
                    for (int j = 0; j < f; j++) {
                        range[j] -= lo[j];
                        range[j] = range[j] == 0f ? Float.POSITIVE_INFINITY : range[j];
                    }
                    yield t.sub(st.get("min")).div(Tensor.wrap(range, dev.dendrite.tensor.Shape.of(f)));
                }
            };
            float[] got = fitted.apply(t).toArray();
            float[] want = expected.toArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(Float.floatToIntBits(got[i])).as(kind + " element " + i)
                        .isEqualTo(Float.floatToIntBits(want[i]));
            }
        }
    }
}
