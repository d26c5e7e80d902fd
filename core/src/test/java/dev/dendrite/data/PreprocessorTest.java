package dev.dendrite.data;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encoding, fitting and filling of {@link Preprocessor}, and its spec round trip. */
class PreprocessorTest {
    static final float NAN = Float.NaN;

    private static Preprocessor colorAndX(Preprocessor.Impute rule) {
        return Preprocessor.of(List.of(new Preprocessor.Column("x", null),
                new Preprocessor.Column("color", List.of("blue", "green", "red"))), rule);
    }

    @Test
    void theMissingMarkersAreTheDocumentedOnes() {
        for (String s : new String[] {"", "  ", "NA", "na", "N/A", "NaN", "nan", "null", "NULL", "None", "?", " ? "}) {
            assertThat(Preprocessor.isMissing(s)).as("'" + s + "'").isTrue();
        }
        for (String s : new String[] {"0", "-", "N", "none!", "nil", "Inf", "??", "NAN1"}) {
            assertThat(Preprocessor.isMissing(s)).as("'" + s + "'").isFalse();
        }
    }

    @Test
    void categoriesBecomeNamedOneHotFeatures() {
        Preprocessor p = colorAndX(Preprocessor.Impute.ERROR);
        assertThat(p.featureNames()).containsExactly("x", "color=blue", "color=green", "color=red");
        assertThat(p.columnNames()).containsExactly("x", "color");
        assertThat(p.encode(List.of("2.5", "red"))).containsExactly(2.5f, 0f, 0f, 1f);
        assertThat(p.encode(List.of("-1", " green "))).containsExactly(-1f, 0f, 1f, 0f);
        // a category never seen in training: no category at all, never another one
        assertThat(p.encode(List.of("0", "purple"))).containsExactly(0f, 0f, 0f, 0f);
        assertThat(p.isIdentity()).isFalse();
        assertThat(Preprocessor.numeric(List.of("a", "b")).isIdentity()).isTrue();
    }

    @Test
    void errorRuleRefusesMissingCells() {
        Preprocessor p = colorAndX(Preprocessor.Impute.ERROR);
        assertThatThrownBy(() -> p.encode(List.of("NA", "red"))).hasMessageContaining("'x' is missing");
        assertThatThrownBy(() -> p.encode(List.of("abc", "red"))).hasMessageContaining("\"abc\" is not a finite number");
    }

    /** Training rows: x = 1, 2, NaN, 10; color = red, red, blue, missing. */
    private static Tensor train() {
        return Tensor.wrap(new float[] {
            1, 0, 0, 1,
            2, 0, 0, 1,
            NAN, 1, 0, 0,
            10, NAN, NAN, NAN}, Shape.of(4, 4));
    }

    @Test
    void meanFillsNumbersWithTheMeanAndCategoriesWithTheMostFrequent() {
        Preprocessor p = colorAndX(Preprocessor.Impute.MEAN).fit(train());
        // mean of 1, 2, 10 = 13/3; red appears twice, blue once
        assertThat(p.fill()).containsExactly(13f / 3, 0f, 0f, 1f);
        Tensor filled = p.apply(train());
        assertThat(filled.get(2, 0)).isEqualTo(13f / 3);
        assertThat(Arrays.copyOfRange(filled.toArray(), 12, 16)).containsExactly(10f, 0f, 0f, 1f);
        assertThat(p.encode(List.of("", "?"))).containsExactly(13f / 3, 0f, 0f, 1f);
    }

    @Test
    void medianAndZero() {
        assertThat(colorAndX(Preprocessor.Impute.MEDIAN).fit(train()).fill()).containsExactly(2f, 0f, 0f, 1f);
        assertThat(colorAndX(Preprocessor.Impute.ZERO).fit(train()).fill()).containsExactly(0f, 0f, 0f, 0f);
        Tensor even = Tensor.wrap(new float[] {1, 0, 0, 1, 4, 0, 0, 1}, Shape.of(2, 4));
        assertThat(colorAndX(Preprocessor.Impute.MEDIAN).fit(even).fill()[0]).isEqualTo(2.5f);
    }

    @Test
    void applyWithoutMissingReturnsTheSameTensorAndUnfittedIsRefused() {
        Preprocessor p = colorAndX(Preprocessor.Impute.MEAN);
        assertThat(p.isFitted()).isFalse();
        assertThatThrownBy(() -> p.apply(train())).hasMessageContaining("not fitted");
        Tensor clean = Tensor.wrap(new float[] {1, 0, 1, 0}, Shape.of(1, 4));
        assertThat(p.fit(train()).apply(clean)).isSameAs(clean);
    }

    @Test
    void specAndFillRestoreAnEqualPreprocessor() {
        Preprocessor p = colorAndX(Preprocessor.Impute.MEAN).fit(train());
        Map<String, Object> spec = p.spec();
        Preprocessor back = Preprocessor.restore(spec, Tensor.wrap(p.fill(), Shape.of(4)));
        assertThat(back).isEqualTo(p);
        assertThat(back.encode(List.of("NA", "green"))).containsExactly(13f / 3, 0f, 1f, 0f);
        assertThatThrownBy(() -> Preprocessor.restore(spec, null)).hasMessageContaining("needs the tensor");
        assertThatThrownBy(() -> Preprocessor.restore(Map.of("impute", "mean", "columns", List.of(
                Map.of("name", "c", "categories", List.of("a", "a")))), Tensor.vector(0, 0)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Preprocessor.restore(Map.of("impute", "error", "columns", List.of(
                Map.of("name", "x"), Map.of("name", "x"))), null)).hasMessageContaining("column 'x' is listed twice");
    }

    @Test
    void imputeParses() {
        assertThat(Preprocessor.Impute.parse(" Median ")).isEqualTo(Preprocessor.Impute.MEDIAN);
        assertThatThrownBy(() -> Preprocessor.Impute.parse("mode")).hasMessageContaining("not one of mean, median, zero, error");
    }
}
