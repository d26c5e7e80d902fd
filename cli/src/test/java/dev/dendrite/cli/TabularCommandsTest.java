package dev.dendrite.cli;

import dev.dendrite.model.Model;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 10, "tabular data as it comes", through the real commands: text
 * columns one-hot encoded and missing cells imputed with the rule stored in
 * the model (and applied the same way by predict and evaluate), class
 * weights, several regression targets and k-fold cross-validation.
 */
class TabularCommandsTest {
    @TempDir
    static Path dir;
    static Path pets;
    static Path petsModel;
    static WalkthroughCommandTest.Run trained;

    private static WalkthroughCommandTest.Run run(String... args) {
        return WalkthroughCommandTest.run(args);
    }

    /** 240 rows: weight, colour (text), legs, kind; about 5% of weights and colours missing. */
    @BeforeAll
    static void writePets() throws IOException {
        Rng rng = new Rng(11);
        StringBuilder sb = new StringBuilder("weight,color,legs,kind\n");
        String[] kinds = {"cat", "dog", "bird"};
        for (int i = 0; i < 240; i++) {
            int k = i % 3;
            double w = new double[] {4, 20, 0.5}[k] * (0.7 + 0.6 * rng.nextDouble());
            String color = new String[][] {{"black", "orange"}, {"brown", "black"}, {"blue", "green"}}[k][rng.nextInt(2)];
            String weight = rng.nextDouble() < 0.05 ? "NA" : String.format(Locale.ROOT, "%.2f", w);
            if (rng.nextDouble() < 0.05) {
                color = "";
            }
            sb.append(weight).append(',').append(color).append(',').append(k == 2 ? 2 : 4).append(',')
                    .append(kinds[k]).append('\n');
        }
        pets = dir.resolve("pets.csv");
        Files.writeString(pets, sb.toString());
        petsModel = dir.resolve("pets.dnd");
        trained = run("train", "--data", pets.toString(), "--impute", "mean", "--epochs", "15", "--layers", "16",
                "--plain", "-o", petsModel.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
    }

    @Test
    void trainingSaysWhatItEncodedAndStoresIt() {
        assertThat(trained.out()).contains("categorical: color (5 categories) -> 7 features; ")
                .containsPattern("\\d+ missing cells, filled from the training rows \\(impute mean\\)");
        Model m = Model.load(petsModel);
        assertThat(m.inputColumns()).containsExactly("weight", "color", "legs");
        assertThat(m.featureNames()).containsExactly("weight", "color=black", "color=blue", "color=brown",
                "color=green", "color=orange", "legs");
        assertThat(m.hasPreprocessing()).isTrue();
        var inspect = run("inspect", "-m", petsModel.toString());
        assertThat(inspect.out()).contains("columns: 3 (weight, color, legs); categorical: color (5); "
                + "missing cells: filled (mean)");
    }

    @Test
    void aColumnOfNumbersNamedCategoricalIsOneHotEncoded() throws IOException {
        // store codes 1..3 are names, not quantities: store 3 is not "three times" store 1
        StringBuilder sb = new StringBuilder("store,x,sales\n");
        Rng rng = new Rng(4);
        for (int i = 0; i < 90; i++) {
            int store = 1 + i % 3;
            double x = rng.nextDouble();
            sb.append(store).append(',').append(String.format(Locale.ROOT, "%.3f,%.3f%n", x,
                    new double[] {5, -2, 9}[store - 1] + x));
        }
        Path f = dir.resolve("stores.csv");
        Files.writeString(f, sb.toString());
        Path m = dir.resolve("stores.dnd");
        var r = run("train", "--data", f.toString(), "--categorical", "store", "--epochs", "2", "--plain",
                "-o", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("categorical: store (3 categories) -> 4 features");
        assertThat(Model.load(m).featureNames()).containsExactly("store=1", "store=2", "store=3", "x");
        Path rows = dir.resolve("stores-new.csv");
        Files.writeString(rows, "x,store\n0.5,2\n0.5,4\n");
        var p = run("predict", "-m", m.toString(), "-i", rows.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.err()).contains("\"4\" in column \"store\" (line 3)");
        var plain = run("train", "--data", f.toString(), "--epochs", "1", "--plain", "-o", m.toString());
        assertThat(plain.out()).doesNotContain("categorical:");
        assertThat(Model.load(m).featureNames()).containsExactly("store", "x");
    }

    @Test
    void missingCellsAreRefusedWithoutARule() {
        var r = run("train", "--data", pets.toString(), "--epochs", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("dendrite: " + pets + " line ")
                .contains(": missing value ").contains("choose a rule for missing cells (--impute mean, median or zero)");
    }

    @Test
    void predictEncodesLikeTrainingWhateverTheColumnOrder() throws IOException {
        Path rows = dir.resolve("new-pets.csv");
        Files.writeString(rows, "legs,color,weight\n4,orange,3.9\n4,purple,21\n2,,0.4\n4,black,NA\n");
        Path out = dir.resolve("pred.csv");
        var r = run("predict", "-m", petsModel.toString(), "-i", rows.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("1 cell holds a category never seen in training, encoded as no category "
                + "(all zeros); the first: \"purple\" in column \"color\" (line 3)");
        Model m = Model.load(petsModel);
        List<List<String>> cells = List.of(List.of("3.9", "orange", "4"), List.of("21", "purple", "4"),
                List.of("0.4", "", "2"), List.of("NA", "black", "4"));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("class,p_cat,p_dog,p_bird");
        for (int i = 0; i < cells.size(); i++) {
            float[] p = m.predictRow(cells.get(i));
            String[] written = lines.get(i + 1).split(",");
            for (int c = 0; c < 3; c++) {
                assertThat(Double.parseDouble(written[c + 1])).isCloseTo(p[c], within(1e-6));
            }
        }
        assertThat(lines.get(1)).startsWith("cat,");
    }

    @Test
    void evaluateScoresTheHeldOutRowsWithTheStoredEncoding() {
        var r = run("evaluate", "-m", petsModel.toString());
        assertThat(r.code()).as(r.err()).isZero();
        double train = number(trained.out(), "test accuracy: ([0-9.]+)");
        assertThat(number(r.out(), "test accuracy: ([0-9.]+)")).isEqualTo(train);
    }

    @Test
    void balancedClassWeightsFollowTheTrainingCounts() throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(i % 4 == 0 ? "rare" : "common").append('\n');
        }
        Path f = dir.resolve("imbalanced.csv");
        Files.writeString(f, sb.toString());
        Path m = dir.resolve("imb.dnd");
        var r = run("train", "--data", f.toString(), "--validation", "0", "--test", "0", "--epochs", "1",
                "--class-weights", "balanced", "--plain", "-o", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // 40 rows, 2 classes (in order of appearance): rare 10 -> 40 / 20, common 30 -> 40 / 60
        assertThat(r.out()).contains("loss cross_entropy with class weights rare=2.000, common=0.6667");
        assertThat(Model.load(m).metadata().get("class_weights")).isEqualTo("rare=2.000, common=0.6667");
        var named = run("train", "--data", f.toString(), "--validation", "0", "--test", "0", "--epochs", "1",
                "--class-weights", "rare=5", "--plain", "-o", m.toString());
        assertThat(named.out()).contains("class weights rare=5.000, common=1.000");
    }

    @Test
    void severalTargetsTrainPredictAndEvaluatePerTarget() throws IOException {
        Rng rng = new Rng(9);
        StringBuilder sb = new StringBuilder("a,b,y1,y2\n");
        for (int i = 0; i < 300; i++) {
            double a = rng.nextDouble() * 2 - 1;
            double b = rng.nextDouble() * 2 - 1;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", a, b, 2 * a - b, a + 3 * b));
        }
        Path f = dir.resolve("two.csv");
        Files.writeString(f, sb.toString());
        Path m = dir.resolve("two.dnd");
        var r = run("train", "--data", f.toString(), "--label", "y1,y2", "--epochs", "20", "--layers", "16",
                "--plain", "-o", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 targets").contains("Dense(16 -> 2)").contains("test y1 ").contains("test y2 ")
                .contains("test mean ");
        assertThat(Model.load(m).targetNames()).containsExactly("y1", "y2");
        assertThat(run("inspect", "-m", m.toString()).out()).contains("task: regression, 2 targets (y1, y2)");
        Path rows = dir.resolve("two-rows.csv");
        Files.writeString(rows, "b,a\n0.5,0.25\n");
        var p = run("predict", "-m", m.toString(), "-i", rows.toString());
        assertThat(p.code()).as(p.err()).isZero();
        String[] lines = p.out().split("\\R");
        assertThat(lines[0]).isEqualTo("y1,y2");
        String[] v = lines[1].split(",");
        float[] java = Model.load(m).predict(new float[] {0.25f, 0.5f});
        assertThat(Double.parseDouble(v[0])).isCloseTo(java[0], within(1e-5));
        assertThat(Double.parseDouble(v[1])).isCloseTo(java[1], within(1e-5));
        // truths 0 and 1.75: a linear target a network of 20 epochs learns to within a few tenths
        assertThat(java[0]).isCloseTo(0f, within(0.3f));
        assertThat(java[1]).isCloseTo(1.75f, within(0.3f));
        var e = run("evaluate", "-m", m.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("test y1 ").contains("test y2 ");
    }

    @Test
    void crossValidationPrintsEveryFoldAndTheirMean() {
        var r = run("cv", "--data", pets.toString(), "--impute", "median", "--folds", "4", "--epochs", "5",
                "--layers", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cross-validation: 4 folds, stratified (seed 42)");
        Matcher m = Pattern.compile("fold (\\d)/4: (\\d+) train, (\\d+) validation, (\\d+) test:  accuracy ([0-9.]+)")
                .matcher(r.out());
        List<Double> acc = new ArrayList<>();
        int tested = 0;
        while (m.find()) {
            acc.add(Double.parseDouble(m.group(5)));
            tested += Integer.parseInt(m.group(4));
        }
        assertThat(acc).hasSize(4);
        assertThat(tested).isEqualTo(240);
        double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(number(r.out(), "accuracy  ([0-9.]+) ±")).isCloseTo(mean, within(1e-4));
        assertThat(Files.exists(Path.of("models", "pets.dnd"))).isFalse();
    }

    @Test
    void crossValidationRefusesWhatItCannotDo() {
        var out = run("cv", "--data", pets.toString(), "--output", dir.resolve("x.dnd").toString());
        assertThat(out.code()).isEqualTo(2);
        assertThat(out.err()).startsWith("dendrite: --output does not apply to cv, which saves no model or history");
        var unknown = run("cv", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'").contains("cv --help");
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("output contains /" + regex + "/: " + text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
