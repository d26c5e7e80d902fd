package dev.dendrite.data;

import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataLoaderTest {
    private static final Dataset DATA = SplitTest.imbalanced(); // 600 rows, feature 0 = row number

    private static List<Batch> all(Iterable<Batch> batches) {
        List<Batch> out = new ArrayList<>();
        batches.forEach(out::add);
        return out;
    }

    @Test
    void everyRowExactlyOncePerEpoch() {
        DataLoader loader = new DataLoader(DATA, 64, 11);
        assertThat(loader.batchesPerEpoch()).isEqualTo(10); // ceil(600 / 64)
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Batch> batches = all(loader.epoch(epoch));
            assertThat(batches).hasSize(10);
            assertThat(batches.get(9).size()).isEqualTo(600 - 9 * 64);
            int[] seen = batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).sorted().toArray();
            for (int i = 0; i < 600; i++) {
                assertThat(seen[i]).isEqualTo(i);
            }
        }
    }

    @Test
    void recycledBatchesEqualFreshOnesWhileTheyLast() {
        for (int batch : new int[] {64, 600, 1000, 7}) {
            DataLoader loader = new DataLoader(DATA, batch, 5);
            for (int skip : new int[] {0, 2}) {
                List<Batch> fresh = all(loader.epoch(1, Math.min(skip, loader.batchesPerEpoch())));
                int i = 0;
                float[] shared = null;
                for (Batch b : loader.recycledEpoch(1, Math.min(skip, loader.batchesPerEpoch()))) {
                    Batch f = fresh.get(i++);
                    // compared when taken: a recycled batch is only valid until the next one
                    assertThat(b.indices()).containsExactly(f.indices());
                    assertThat(b.labels()).containsExactly(f.labels());
                    assertThat(b.x().shape()).isEqualTo(f.x().shape());
                    assertThat(b.x().toArray()).containsExactly(f.x().toArray());
                    assertThat(b.y().toArray()).containsExactly(f.y().toArray());
                    if (b.size() == batch) {
                        float[] buffer = b.x().buffer();
                        assertThat(shared == null || shared == buffer).as("one buffer for every full batch").isTrue();
                        shared = buffer;
                    }
                }
                assertThat(i).isEqualTo(fresh.size());
            }
        }
        assertThatThrownBy(() -> new DataLoader(DATA, 64, 1).recycledEpoch(0, 11))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchesCarryTheirRows() {
        Batch b = new DataLoader(DATA, 50, 3).batch(2, 4);
        assertThat(b.x().shape().dims()).containsExactly(50, 1);
        assertThat(b.y().shape().dims()).containsExactly(50, 3);
        for (int i = 0; i < b.size(); i++) {
            int row = b.indices()[i];
            assertThat(b.x().get(i, 0)).isEqualTo((float) row);
            assertThat(b.labels()[i]).isEqualTo(DATA.label(row));
            assertThat(b.y().get(i, b.labels()[i])).isEqualTo(1f);
        }
        assertThat(b.labelTensor().toArray()[0]).isEqualTo((float) b.labels()[0]);
    }

    @Test
    void shuffleDependsOnSeedAndEpochOnly() {
        DataLoader a = new DataLoader(DATA, 32, 5);
        DataLoader again = new DataLoader(DATA, 32, 5);
        assertThat(a.order(3)).containsExactly(again.order(3));
        assertThat(a.order(3)).isNotEqualTo(a.order(4));
        assertThat(a.order(3)).isNotEqualTo(a.withSeed(6).order(3));
        // the shuffle is independent of earlier epochs having been read
        all(a.epoch(0));
        all(a.epoch(1));
        assertThat(a.order(2)).containsExactly(again.order(2));
    }

    @Test
    void resumeMidEpochSeesTheRemainingBatches() {
        DataLoader loader = new DataLoader(DATA, 40, 8);
        List<Batch> full = all(loader.epoch(5));
        List<Batch> resumed = all(loader.epoch(5, 6));
        assertThat(resumed).hasSize(full.size() - 6);
        for (int i = 0; i < resumed.size(); i++) {
            assertThat(resumed.get(i).indices()).containsExactly(full.get(i + 6).indices());
            assertThat(resumed.get(i).x()).isEqualTo(full.get(i + 6).x());
        }
        assertThat(all(loader.epoch(5, loader.batchesPerEpoch()))).isEmpty();
    }

    @Test
    void dropLastAndNoShuffle() {
        DataLoader loader = new DataLoader(DATA, 64, 1).withDropLast(true).withShuffle(false);
        assertThat(loader.batchesPerEpoch()).isEqualTo(9);
        List<Batch> batches = all(loader.epoch(0));
        assertThat(batches).allMatch(b -> b.size() == 64);
        assertThat(batches.get(1).indices()[0]).isEqualTo(64);
    }

    @Test
    void regressionBatches() {
        Dataset d = Dataset.regression(Tensor.arange(10).reshape(10, 1), List.of("x"), Tensor.arange(10).mul(2));
        Batch b = new DataLoader(d, 4, 2).batch(0, 0);
        assertThat(b.labels()).isNull();
        assertThat(b.y().shape().dims()).containsExactly(4, 1);
        assertThat(b.y().get(0, 0)).isEqualTo(2 * b.x().get(0, 0));
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> new DataLoader(DATA, 0, 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new DataLoader(DATA, 64, 1).epoch(0, 11)).hasMessageContaining("cannot skip 11");
    }
}
