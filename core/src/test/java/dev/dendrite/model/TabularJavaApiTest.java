package dev.dendrite.model;

import dev.dendrite.data.CsvOptions;
import dev.dendrite.data.CsvReader;
import dev.dendrite.data.CsvResult;
import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Dataset;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Preprocessor;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.data.Task;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Init;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Rng;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tabular path from Java, start to end: read a CSV with a text column and
 * holes, fit the preprocessor and normaliser on the training part, train with
 * class weights, save, load, and predict raw rows with {@code predictRow}.
 */
class TabularJavaApiTest {
    @TempDir
    Path dir;

    @Test
    void readFitTrainSaveLoadPredictRawRows() {
        // the class is the colour's family: warm (red, orange) or cool (blue, green); size is noise, sometimes missing
        StringBuilder sb = new StringBuilder("size,color,family\n");
        String[] colors = {"red", "orange", "blue", "green"};
        Rng rng = new Rng(8);
        for (int i = 0; i < 200; i++) {
            String c = colors[i % 4];
            String size = i % 17 == 0 ? "NA" : String.format(java.util.Locale.ROOT, "%.2f", rng.nextDouble());
            sb.append(size).append(',').append(c).append(',').append(i % 4 < 2 ? "warm" : "cool").append('\n');
        }
        CsvResult r = CsvReader.read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
                "colors.csv", CsvOptions.defaults().withImpute(Preprocessor.Impute.MEDIAN));
        Splits parts = new Split(0, 0.2, 1).apply(r.dataset());
        Preprocessor prep = r.preprocessor().fit(parts.train());
        Normalizer norm = Normalizer.of(Normalizer.Kind.STANDARDIZE).fit(prep.apply(parts.train()));
        Dataset train = norm.apply(prep.apply(parts.train()));

        Rng init = new Rng(2);
        Sequential net = new Sequential(new Dense(5, 8, Init.HE_UNIFORM, init), Activation.relu(),
                new Dense(8, 2, Init.XAVIER_UNIFORM, init));
        Trainer trainer = new Trainer(net, CrossEntropy.weighted(1f, 1f), new Adam(net.parameters(), 0.02),
                TrainOptions.defaults().withEpochs(30).withSeed(1));
        trainer.fit(new DataLoader(train, 16, 1), null);

        Model model = new Model(net, norm, Task.CLASSIFICATION, train.classNames(), train.featureNames(), Map.of(),
                prep, null);
        Path file = dir.resolve("colors.dnd");
        model.save(file);
        Model back = Model.load(file);
        assertThat(back.inputColumns()).containsExactly("size", "color");
        int warm = back.classNames().indexOf("warm");
        // the colour decides; a missing size is the training median, an unseen colour no colour at all
        assertThat(argmax(back.predictRow(List.of("0.5", "orange")))).isEqualTo(warm);
        assertThat(argmax(back.predictRow(List.of("NA", "red")))).isEqualTo(warm);
        assertThat(argmax(back.predictRow(List.of("0.1", "green")))).isEqualTo(1 - warm);
        assertThat(back.predictRow(List.of("0.3", "purple"))).hasSize(2);
    }

    private static int argmax(float[] p) {
        return p[0] >= p[1] ? 0 : 1;
    }
}
