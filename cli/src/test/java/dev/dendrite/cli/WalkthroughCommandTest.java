package dev.dendrite.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs {@code dendrite walkthrough} in-process and checks the printed numbers
 * against arithmetic done here, independently of the library: for y = 4x on
 * x = 0..4, the error of y = w x is (4 - w)^2 * sum(x^2) = 30 (4 - w)^2, and its
 * derivative is -60 (4 - w).
 */
class WalkthroughCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static double sumOfSquares() {
        double s = 0;
        for (int x = 0; x <= 4; x++) {
            s += x * x;
        }
        return s;
    }

    private static double error(double w) {
        return (4 - w) * (4 - w) * sumOfSquares();
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("output contains /" + regex + "/").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void printsTheSeedNumbers() {
        Run r = run("walkthrough");
        assertThat(r.code()).isZero();
        String o = r.out();
        assertThat(error(2)).isEqualTo(120.0);
        assertThat(number(o, "total squared error: ([0-9.]+)")).isEqualTo(error(2));
        // the per-row squared errors 0, 4, 16, 36, 64
        for (int x = 0; x <= 4; x++) {
            double e = (2.0 * x - 4.0 * x) * (2.0 * x - 4.0 * x);
            assertThat(o).containsPattern("(?m)^\\s+" + x + "\\s+" + 4 * x + "\\s+[0-9.]+\\s+-?[0-9.]+\\s+"
                    + Pattern.quote(String.format(java.util.Locale.ROOT, "%.4f", e)) + "$");
        }
        double plus = number(o, "2\\.0001\\s+([0-9.]+)");
        double minus = number(o, "1\\.9999\\s+([0-9.]+)");
        assertThat(plus).isCloseTo(error(2.0001), within(5e-7)).isCloseTo(119.988, within(5e-7));
        assertThat(minus).isCloseTo(error(1.9999), within(5e-7)).isCloseTo(120.012, within(5e-7));
        double derivative = -60 * (4 - 2.0);
        assertThat(number(o, "finite difference: .* = (-?[0-9.]+)")).isCloseTo(derivative, within(1e-4));
        assertThat(number(o, "backpropagation: .* = (-?[0-9.]+)")).isEqualTo(derivative);
        assertThat(number(o, "converged: w = ([0-9.]+)")).isCloseTo(4.0, within(1e-4));
        assertThat(o).contains("converged: w = 4.0000");
    }

    @Test
    void gradientDescentFollowsTheRuleStepByStep() {
        // with learning rate 0.015, each step multiplies (4 - w) by 1 - 0.015 * 60 = 0.1
        Run r = run("walkthrough", "--learning-rate", "0.015");
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+)\\s+(-?[0-9.]+)\\s+([0-9.]+)\\s+(-?[0-9.]+)$").matcher(
                r.out().substring(r.out().indexOf("3. Gradient descent"), r.out().indexOf("4. A network")));
        double w = 2;
        int rows = 0;
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(rows);
            assertThat(Double.parseDouble(m.group(2))).isCloseTo(w, within(1e-5));
            assertThat(Double.parseDouble(m.group(3))).isCloseTo(error(w), within(1e-4 + 1e-6 * error(w)));
            assertThat(Double.parseDouble(m.group(4))).isCloseTo(-60 * (4 - w), within(1e-4 + 1e-6 * Math.abs(60 * (4 - w))));
            w = w - 0.015 * (-60 * (4 - w));
            rows++;
        }
        // 30 (4 - w)^2 < 1e-6 needs |4 - w| < 1.8e-4: 2 * 0.1^n < 1.8e-4 first holds at n = 5
        assertThat(rows).isEqualTo(6);
    }

    @Test
    void otherStartingPointsAndRates() {
        Run r = run("walkthrough", "--start", "0", "--learning-rate", "0.005", "--threshold", "1e-8");
        assertThat(r.code()).isZero();
        assertThat(number(r.out(), "total squared error: ([0-9.]+)")).isEqualTo(error(0));
        assertThat(number(r.out(), "backpropagation: .* = (-?[0-9.]+)")).isEqualTo(-60 * 4.0);
        assertThat(number(r.out(), "converged: w = ([0-9.]+)")).isCloseTo(4.0, within(1e-4));
    }

    @Test
    void divergenceIsReported() {
        Run r = run("walkthrough", "--learning-rate", "0.04");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("diverged at step").contains("try a smaller --learning-rate");
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() {
        Run r = run("walkthrough", "--learning-rate", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dendrite: --learning-rate: must be a positive number, got -1.0");
        Run r2 = run("walkthrough", "--learning-rate", "abc");
        assertThat(r2.code()).isEqualTo(2);
        assertThat(r2.err()).contains("--learning-rate").doesNotContain("Exception");
        Run r3 = run("walkthrough", "--nope");
        assertThat(r3.code()).isEqualTo(2);
        assertThat(r3.err()).contains("Unknown option: '--nope'");
    }
}
