package dev.dendrite.train.metrics;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassificationReportTest {
    @Test
    void formatsPerClassAndMacroRows() {
        // cat: TP 2, FP 1, FN 0 -> P 0.6667 R 1 F1 0.8; dog: TP 1, FP 0, FN 1 -> P 1 R 0.5 F1 0.6667
        ClassificationReport r = ClassificationReport.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1},
                List.of("cat", "dog"));
        assertThat(r.format()).isEqualTo("""
                class      precision  recall  f1-score  support
                cat           0.6667  1.0000    0.8000        2
                dog           1.0000  0.5000    0.6667        2

                macro avg     0.8333  0.7500    0.7333        4
                accuracy                        0.7500        4
                """);
        assertThat(r.accuracy()).isEqualTo(0.75);
    }

    @Test
    void fromScoresAddsAucForTwoClasses() {
        Tensor scores = Tensor.matrix(new float[][] {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.65f, 0.35f}, {0.2f, 0.8f}});
        ClassificationReport r = ClassificationReport.of(scores, new int[] {0, 0, 1, 1}, List.of("no", "yes"));
        assertThat(r.extras()).containsEntry("ROC AUC", 0.75);
        assertThat(r.format()).contains("ROC AUC                         0.7500        4");
    }

    @Test
    void fromScoresAddsTop5ForManyClasses() {
        Tensor scores = Tensor.fromFunction(dev.dendrite.tensor.Shape.of(3, 7), i -> (i * 37) % 11);
        ClassificationReport r = ClassificationReport.of(scores, new int[] {0, 1, 2},
                List.of("a", "b", "c", "d", "e", "f", "g"));
        assertThat(r.extras()).containsKey("top-5 accuracy");
    }
}
