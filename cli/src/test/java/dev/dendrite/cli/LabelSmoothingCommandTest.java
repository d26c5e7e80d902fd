package dev.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --label-smoothing}: the loss it trains with, and that the run still learns. */
class LabelSmoothingCommandTest {

    private static double trainingLoss(String out) {
        Matcher m = Pattern.compile("epoch\\s+15/15\\s+loss (\\d+\\.\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void smoothingIsNamedAndRaisesTheLossFloor(@TempDir Path tmp) {
        WalkthroughCommandTest.Run plain = WalkthroughCommandTest.run("train", "--epochs", "15", "--plain",
                "-o", tmp.resolve("a.dnd").toString());
        WalkthroughCommandTest.Run smooth = WalkthroughCommandTest.run("train", "--epochs", "15", "--plain",
                "--label-smoothing", "0.2", "-o", tmp.resolve("b.dnd").toString());
        assertThat(smooth.code()).as(smooth.err()).isZero();
        assertThat(smooth.out()).contains("loss cross_entropy(label smoothing 0.2)");
        assertThat(plain.out()).contains("loss cross_entropy;");
        // cross-entropy is at least the target's entropy: a smoothed target of 10 classes keeps any model's
        // loss at or above -(0.82 ln 0.82 + 9 x 0.02 ln 0.02) = 0.867, while one-hot targets let it fall far lower
        assertThat(trainingLoss(smooth.out())).isGreaterThan(0.866);
        assertThat(trainingLoss(plain.out())).isLessThan(0.5);
        Matcher m = Pattern.compile("test accuracy: (0\\.\\d+)").matcher(smooth.out());
        assertThat(m.find()).as(smooth.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.8);
    }
}
