package dev.dendrite.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV files as they come: text columns one-hot encoded, missing cells, several regression targets. */
class TabularCsvTest {
    private static CsvResult read(String text, CsvOptions o) {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", o);
    }

    private static final String PETS = "w,color,kind\n3,red,a\n4,blue,b\n5,red,a\n6,green,b\n";

    @Test
    void aTextColumnIsCategoricalWithSortedCategories() {
        CsvResult r = read(PETS, CsvOptions.defaults());
        Dataset d = r.dataset();
        assertThat(d.featureNames()).containsExactly("w", "color=blue", "color=green", "color=red");
        assertThat(d.features().toArray()).containsExactly(
                3, 0, 0, 1,
                4, 1, 0, 0,
                5, 0, 0, 1,
                6, 0, 1, 0);
        assertThat(r.preprocessor().columnNames()).containsExactly("w", "color");
        assertThat(d.classNames()).containsExactly("a", "b");
    }

    @Test
    void aNumericColumnCanBeForcedCategorical() {
        String text = "zip,y\n10115,1\n02139,0\n10115,1\n";
        Dataset d = read(text, CsvOptions.defaults().withCategorical(List.of("zip"))).dataset();
        // the cell text is the category, so 02139 keeps its leading zero
        assertThat(d.featureNames()).containsExactly("zip=02139", "zip=10115");
        assertThat(d.features().toArray()).containsExactly(0, 1, 1, 0, 0, 1);
        assertThatThrownBy(() -> read(text, CsvOptions.defaults().withCategorical(List.of("nosuch"))))
                .hasMessage("t.csv: --categorical names \"nosuch\", which is not a feature column (features: zip)");
    }

    @Test
    void aColumnMixingNumbersAndTextIsRefusedEitherWay() {
        assertThatThrownBy(() -> read("x,y\n1,a\n2,b\nabc,a\n", CsvOptions.defaults()))
                .hasMessage("t.csv line 4 column 1: \"abc\" is not a number, but column \"x\" holds numbers "
                        + "(line 2: 1); fix the cell, or pass --categorical x");
        assertThatThrownBy(() -> read("c,y\nred,a\n7,b\n", CsvOptions.defaults()))
                .hasMessage("t.csv line 3 column 1: 7 is a number, but column \"c\" holds text (line 2: \"red\"); "
                        + "fix the cell, or pass --categorical c to read every cell as a category");
        // named categorical, the same file reads
        assertThat(read("c,y\nred,a\n7,b\n", CsvOptions.defaults().withCategorical(List.of("c"))).dataset()
                .featureNames()).containsExactly("c=7", "c=red");
    }

    @Test
    void tooManyCategoriesAreRefused() {
        StringBuilder sb = new StringBuilder("id,y\n");
        for (int i = 0; i <= Preprocessor.MAX_CATEGORIES; i++) {
            sb.append("u").append(i).append(',').append(i % 2).append('\n');
        }
        assertThatThrownBy(() -> read(sb.toString(), CsvOptions.defaults()))
                .hasMessageContaining("t.csv line 1002 column 1: column \"id\" has more than 1000 distinct values");
    }

    @Test
    void missingCellsAreRefusedByDefaultAndNaNWithARule() {
        String text = "x,c,y\n1,red,a\n,blue,b\nNA,?,a\n4,red,b\n";
        assertThatThrownBy(() -> read(text, CsvOptions.defaults()))
                .hasMessage("t.csv line 3 column 1: missing value (an empty cell); choose a rule for missing cells "
                        + "(--impute mean, median or zero)");
        CsvResult r = read(text, CsvOptions.defaults().withImpute(Preprocessor.Impute.MEAN));
        float[] x = r.dataset().features().toArray();
        assertThat(r.dataset().featureNames()).containsExactly("x", "c=blue", "c=red");
        assertThat(x[3]).isNaN();
        assertThat(x[6]).isNaN();
        assertThat(x[7]).isNaN();
        assertThat(x[8]).isNaN();
        Preprocessor fitted = r.preprocessor().fit(r.dataset());
        // mean of 1 and 4; red is the most frequent colour
        assertThat(fitted.fill()).containsExactly(2.5f, 0f, 1f);
    }

    @Test
    void aModelReadEncodesAsTrainingDidAndNotesUnseenCategories() {
        CsvResult trained = read(PETS, CsvOptions.defaults());
        Preprocessor p = trained.preprocessor();
        // columns in another order, a category never seen, an extra column
        String rows = "color,id,w\nblue,7,1.5\npurple,8,2\n";
        Features f = CsvReader.readFeatures(new ByteArrayInputStream(rows.getBytes(StandardCharsets.UTF_8)),
                "new.csv", CsvOptions.defaults(), p);
        assertThat(f.names()).containsExactly("w", "color=blue", "color=green", "color=red");
        assertThat(f.values().toArray()).containsExactly(1.5f, 1, 0, 0, 2, 0, 0, 0);
        assertThat(f.columns().note()).isEqualTo("new.csv: ignoring 1 column the model does not use: id; new.csv: "
                + "1 cell holds a category never seen in training, encoded as no category (all zeros); the first: "
                + "\"purple\" in column \"color\" (line 3)");
        assertThatThrownBy(() -> CsvReader.readFeatures(new ByteArrayInputStream("w,color\nNA,red\n"
                .getBytes(StandardCharsets.UTF_8)), "new.csv", CsvOptions.defaults(), p))
                .hasMessage("new.csv line 2 column 1: missing value \"NA\"; the model imputes no missing cells "
                        + "(it was trained with --impute error)");
    }

    @Test
    void anEmptyLabelIsRefusedRatherThanMadeAClass() {
        assertThatThrownBy(() -> read("x,y\n1,a\n2,\n3,b\n", CsvOptions.defaults()))
                .hasMessage("t.csv line 3 column 2: the label is empty; every row needs one (drop the row or fill it in)");
    }

    @Test
    void severalTargetsMakeRowsOfKValues() {
        String text = "a,y1,b,y2\n1,10,2,20\n3,30,4,40\n";
        Dataset d = read(text, CsvOptions.defaults().withTargets(List.of("y1", "y2"))).dataset();
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.targetCount()).isEqualTo(2);
        assertThat(d.targets().shape().dims()).containsExactly(2, 2);
        assertThat(d.targets().toArray()).containsExactly(10, 20, 30, 40);
        assertThat(d.subset(new int[] {1}).targets().toArray()).containsExactly(30, 40);
        Batch b = new DataLoader(d, 2, 1).batch(0, 0);
        assertThat(b.y().shape().dims()).containsExactly(2, 2);
        assertThatThrownBy(() -> read(text, CsvOptions.defaults().withTargets(List.of("y1", "y9"))))
                .hasMessage("t.csv line 1: no target column named \"y9\" (columns: a, y1, b, y2)");
        assertThatThrownBy(() -> read(text, CsvOptions.defaults().withTargets(List.of("y1", "y2"))
                .withTask(Task.CLASSIFICATION))).hasMessageContaining("2 label columns make a regression task");
        assertThatThrownBy(() -> read("a,y1,y2\n1,2,x\n", CsvOptions.defaults().withTargets(List.of("y1", "y2"))))
                .hasMessage("t.csv line 2 column 3: \"x\" is not a finite number, expected a numeric regression target");
    }
}
