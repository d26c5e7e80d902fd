package dev.dendrite.nn;

import dev.dendrite.autograd.Var;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Augmentation: the same seed gives the same images, evaluation changes nothing,
 * a flip is an exact mirror, a crop an exact shift of at most the padding with
 * zeros coming in, and the layer round-trips through its configuration.
 */
class RandomCropFlipTest {
    /** Four 1x3x4 images with distinct positive pixels (value = 1 + index). */
    private static Tensor images() {
        return Tensor.fromFunction(dev.dendrite.tensor.Shape.of(4, 1, 3, 4), i -> 1 + i);
    }

    private static float[] run(RandomCropFlip l, long seed) {
        return l.forward(Var.constant(images()), Mode.train(new Rng(seed))).value().toArray();
    }

    @Test
    void theSameSeedGivesTheSameImagesAndEvaluationPassesThrough() {
        RandomCropFlip l = new RandomCropFlip(1, true);
        assertThat(run(l, 5)).containsExactly(run(l, 5));
        assertThat(l.forward(Var.constant(images()), Mode.EVAL).value().toArray()).containsExactly(images().toArray());
    }

    @Test
    void aFlipMirrorsEachImageOrLeavesIt() {
        float[] x = images().toArray();
        float[] y = run(new RandomCropFlip(0, true), 3);
        int flipped = 0;
        for (int e = 0; e < 4; e++) {
            boolean same = true;
            boolean mirror = true;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    float v = y[e * 12 + i * 4 + j];
                    same &= v == x[e * 12 + i * 4 + j];
                    mirror &= v == x[e * 12 + i * 4 + (3 - j)];
                }
            }
            assertThat(same || mirror).as("image " + e).isTrue();
            flipped += mirror ? 1 : 0;
        }
        // over several seeds both outcomes occur
        float[] other = run(new RandomCropFlip(0, true), 4);
        assertThat(flipped > 0 || !java.util.Arrays.equals(other, y)).isTrue();
    }

    @Test
    void aCropIsAShiftOfAtMostThePadding() {
        float[] x = images().toArray();
        for (long seed = 0; seed < 5; seed++) {
            float[] y = run(new RandomCropFlip(1, false), seed);
            for (int e = 0; e < 4; e++) {
                boolean found = false;
                for (int dy = -1; dy <= 1 && !found; dy++) {
                    for (int dx = -1; dx <= 1 && !found; dx++) {
                        boolean match = true;
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 4; j++) {
                                int si = i + dy;
                                int sj = j + dx;
                                float want = si < 0 || si >= 3 || sj < 0 || sj >= 4 ? 0f : x[e * 12 + si * 4 + sj];
                                match &= y[e * 12 + i * 4 + j] == want;
                            }
                        }
                        found = match;
                    }
                }
                assertThat(found).as("seed " + seed + " image " + e).isTrue();
            }
        }
    }

    @Test
    void itIsRebuiltFromItsConfiguration() {
        Layer back = LayerTypes.builtIn().create(LayerTypes.describe(new RandomCropFlip(2, true)));
        assertThat(back.toString()).isEqualTo("RandomCropFlip(pad 2, flip)");
    }
}
