package dev.dendrite.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The vector element-wise kernels give the same bits as the scalar loops, for
 * lengths that are and are not multiples of the vector width, at offsets, and
 * for NaN, infinities and signed zeros.
 */
class VectorElementwiseTest {
    private static final int[] LENGTHS = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 67, 1000};
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1f, -1f};

    @TestFactory
    Stream<DynamicTest> binaryOpsMatchScalar() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Elementwise.Op op : Elementwise.Op.values()) {
            for (int n : LENGTHS) {
                tests.add(DynamicTest.dynamicTest(op + " n=" + n, () -> {
                    SplittableRandom rnd = new SplittableRandom(n * 31L + op.ordinal());
                    float[] a = values(rnd, n + 3);
                    float[] b = values(rnd, n + 5);
                    float[] expected = new float[n + 2];
                    float[] actual = new float[n + 2];
                    Elementwise.scalarBinary(op, a, 3, b, 5, expected, 2, n);
                    VectorElementwise.binary(op, a, 3, b, 5, actual, 2, n);
                    assertSameBits(actual, expected);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> biasAndReluPassMatchesScalar() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean relu : new boolean[] {false, true}) {
            for (int n : LENGTHS) {
                tests.add(DynamicTest.dynamicTest("relu=" + relu + " n=" + n, () -> {
                    SplittableRandom rnd = new SplittableRandom(n * 13L + (relu ? 1 : 0));
                    int rows = 3;
                    float[] y = values(rnd, rows * n);
                    float[] b = values(rnd, n + 2);
                    float[] expected = y.clone();
                    float[] actual = y.clone();
                    Elementwise.scalarAddBias(expected, rows, n, b, 2, relu);
                    VectorElementwise.addBias(actual, rows, n, b, 2, relu);
                    assertSameBits(actual, expected);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> unaryOpsMatchScalar() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Elementwise.Unary op : Elementwise.Unary.values()) {
            if (!VectorElementwise.handles(op)) {
                continue;
            }
            for (int n : LENGTHS) {
                for (float s : new float[] {0.5f, -2f, 0f, -0f, Float.NaN}) {
                    tests.add(DynamicTest.dynamicTest(op + " s=" + s + " n=" + n, () -> {
                        SplittableRandom rnd = new SplittableRandom(n * 17L + op.ordinal());
                        float[] a = values(rnd, n + 1);
                        float[] expected = new float[n + 4];
                        float[] actual = new float[n + 4];
                        Elementwise.scalarUnary(op, s, a, 1, expected, 4, n);
                        VectorElementwise.unary(op, s, a, 1, actual, 4, n);
                        assertSameBits(actual, expected);
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void divisionByAScalarMatches() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : LENGTHS) {
            float[] a = values(rnd, n);
            float[] expected = new float[n];
            float[] actual = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = a[i] / 3f;
            }
            VectorElementwise.divideByScalar(a, 0, 3f, actual, 0, n);
            assertSameBits(actual, expected);
        }
    }

    @Test
    void inPlaceUpdatesWork() {
        float[] a = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11};
        VectorElementwise.unary(Elementwise.Unary.RELU, 0f, a, 0, a, 0, a.length);
        assertThat(a).containsExactly(1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11);
    }

    @Test
    void publicEntryPointsDispatchToTheSameResults() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] a = values(rnd, 101);
        float[] b = values(rnd, 101);
        float[] viaPublic = new float[101];
        float[] scalar = new float[101];
        Elementwise.binary(Elementwise.Op.MUL, a, 0, b, 0, viaPublic, 0, 101);
        Elementwise.scalarBinary(Elementwise.Op.MUL, a, 0, b, 0, scalar, 0, 101);
        assertSameBits(viaPublic, scalar);
        Elementwise.binaryScalar(Elementwise.Op.DIV, a, 0, 7f, viaPublic, 0, 101);
        for (int i = 0; i < 101; i++) {
            scalar[i] = a[i] / 7f;
        }
        assertSameBits(viaPublic, scalar);
        Elementwise.unary(Elementwise.Unary.EXP, 0f, a, 0, viaPublic, 0, 101); // stays scalar
        Elementwise.scalarUnary(Elementwise.Unary.EXP, 0f, a, 0, scalar, 0, 101);
        assertSameBits(viaPublic, scalar);
    }

    @Test
    void sumMatchesTheScalarSum() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[] {0, 1, 3, 4, 5, 15, 16, 17, 63, 1001, 100_003}) {
            float[] a = new float[n + 2];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextDouble() * 200 - 100);
            }
            double expected = Reductions.scalarSum(a, 2, n);
            double absSum = 0;
            for (int i = 2; i < n + 2; i++) {
                absSum += Math.abs(a[i]);
            }
            // Both accumulate in double; only the order differs: n * 2^-53 of the sum of magnitudes.
            assertThat(VectorReductions.sum(a, 2, n)).as("n=%d", n)
                    .isCloseTo(expected, within(n * 0x1p-52 * absSum + 1e-300));
        }
    }

    /** Random values in [-4, 4), one in five replaced by a special value. */
    private static float[] values(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(5) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) (rnd.nextDouble() * 8 - 4);
        }
        return x;
    }

    private static void assertSameBits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.floatToIntBits(actual[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }
}
