package dev.dendrite.cli;

import dev.dendrite.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** train, then evaluate and predict on the file it wrote, in-process. */
class TrainEvaluatePredictTest {
    private static final String GOOD = "src/test/resources/bad-input/good.csv";

    private static WalkthroughCommandTest.Run run(String... args) {
        return WalkthroughCommandTest.run(args);
    }

    @Test
    void csvClassificationRoundTrip(@TempDir Path tmp) throws IOException {
        Path model = tmp.resolve("iris.dnd");
        Path history = tmp.resolve("history.csv");
        Path chart = tmp.resolve("curves.png");
        WalkthroughCommandTest.Run t = run("train", "--data", GOOD, "--label", "species", "--layers", "8",
                "--epochs", "40", "--validation", "0.2", "--test", "0.2", "-o", model.toString(),
                "--history", history.toString(), "--chart", chart.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("label column: species; task: classification")
                .contains("test accuracy:").contains("confusion matrix").contains("model saved to " + model);
        assertThat(Files.readAllLines(history)).hasSize(41).first().asString().startsWith("epoch,train_loss");
        byte[] png = Files.readAllBytes(chart);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        WalkthroughCommandTest.Run e = run("evaluate", "--model", model.toString(), "--data", GOOD, "--label", "species");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("test accuracy:");

        Path preds = tmp.resolve("preds.csv");
        WalkthroughCommandTest.Run p = run("predict", "--model", model.toString(), "--input", GOOD,
                "--label", "species", "--output", preds.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(preds);
        assertThat(lines.get(0)).isEqualTo("class,p_setosa,p_versicolor,p_virginica");
        assertThat(lines).hasSize(61);
        // predict agrees with the Java API on the same row, and the probabilities sum to 1
        Model m = Model.load(model);
        String[] first = Files.readAllLines(Path.of(GOOD)).get(1).split(",");
        float[] row = {Float.parseFloat(first[0]), Float.parseFloat(first[1]), Float.parseFloat(first[2])};
        float[] probs = m.predict(row);
        String[] cells = lines.get(1).split(",");
        assertThat(cells[0]).isEqualTo(m.classNames().get(m.predictClass(row)));
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            assertThat(Double.parseDouble(cells[c + 1])).isCloseTo(probs[c], within(1e-6));
            sum += Double.parseDouble(cells[c + 1]);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void regressionFromCsv(@TempDir Path tmp) throws IOException {
        // y = 3 a - 2 b + 1 with a little noise: a small net must reach R² above 0.9
        StringBuilder csv = new StringBuilder("a,b,y\n");
        dev.dendrite.tensor.Rng rng = new dev.dendrite.tensor.Rng(3);
        for (int i = 0; i < 300; i++) {
            double a = rng.nextDouble() * 2 - 1;
            double b = rng.nextDouble() * 2 - 1;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 3 * a - 2 * b + 1 + 0.05 * rng.nextGaussian()));
        }
        Path data = tmp.resolve("lin.csv");
        Files.writeString(data, csv);
        Path model = tmp.resolve("lin.dnd");
        WalkthroughCommandTest.Run t = run("train", "--data", data.toString(), "--layers", "16", "--epochs", "80",
                "-o", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("task: regression");
        double r2 = Double.parseDouble(t.out().replaceAll("(?s).*test R²:\\s+([0-9.]+).*", "$1"));
        assertThat(r2).isGreaterThan(0.9);
        WalkthroughCommandTest.Run p = run("predict", "-m", model.toString(), "-i", data.toString());
        assertThat(p.code()).isZero();
        assertThat(p.out().lines().findFirst()).contains("prediction");
        assertThat(p.out().lines().count()).isEqualTo(301);
    }

    @Test
    void defaultTrainingOnTheDigitsReachesTheStatedAccuracy(@TempDir Path tmp) {
        WalkthroughCommandTest.Run t = run("train", "-o", tmp.resolve("digits.dnd").toString());
        assertThat(t.code()).as(t.err()).isZero();
        double acc = Double.parseDouble(t.out().replaceAll("(?s).*test accuracy: ([0-9.]+).*", "$1"));
        assertThat(acc).isGreaterThanOrEqualTo(0.97);
        WalkthroughCommandTest.Run e = run("evaluate", "--model", tmp.resolve("digits.dnd").toString());
        assertThat(e.code()).isZero();
        // evaluate re-creates the same held-out split from the seed stored in the model
        assertThat(e.out()).contains("scored the 359 held-out test rows of digits (split seed 42, test 0.2)")
                .contains(String.format(Locale.ROOT, "test accuracy: %.4f", acc));
    }
}
