package dev.dendrite.recommend;

import dev.dendrite.nn.Graph;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Ages of interactions and the recency-weighted training of {@link NcfTrainer.Recency}. */
class RecencyTest {

    @Test
    void agesCountBackFromTheLatestWithTiesInFileOrderAndRepeatsAtTheirLatest() {
        IdMap users = new IdMap();
        users.add("a");
        users.add("b");
        IdMap items = new IdMap();
        for (String s : new String[] {"i0", "i1", "i2", "i3"}) {
            items.add(s);
        }
        // user a: i2 at t=5, i0 at t=1, i3 at t=5 (same second, later in the file), i2 again at t=0
        // user b: i1 at t=9
        int[] user = {0, 0, 1, 0, 0};
        int[] item = {2, 0, 1, 3, 2};
        double[] time = {5, 1, 9, 5, 0};
        float[] rating = new float[5];
        Interactions d = new Interactions(users, items, user, item, time, rating);
        UserItems all = UserItems.of(d);
        // a in time order: i2(t0), i0(t1), i2(t5), i3(t5, later row): ages 3, 2, 1, 0
        assertThat(all.items(0)).containsExactly(0, 2, 3);
        assertThat(all.ages(0)).containsExactly(2, 1, 0);
        assertThat(all.items(1)).containsExactly(1);
        assertThat(all.ages(1)).containsExactly(0);
        // without the first row (the test-style subset), ages count within the subset
        UserItems part = UserItems.of(d, new int[] {1, 2, 4});
        assertThat(part.items(0)).containsExactly(0, 2);
        assertThat(part.ages(0)).containsExactly(0, 1);
    }

    @Test
    void weightsHalveWithTheHalfLife() {
        NcfTrainer.Recency r = new NcfTrainer.Recency(8, 2);
        assertThat(r.weight(0)).isEqualTo(9.0);
        assertThat(r.weight(2)).isEqualTo(5.0);
        assertThat(r.weight(4)).isEqualTo(3.0);
        assertThat(r.weight(1)).isCloseTo(1 + 8 / Math.sqrt(2), within(1e-12));
        assertThat(NcfTrainer.Recency.NONE.weight(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> new NcfTrainer.Recency(-1, 5)).hasMessageContaining("boost >= 0");
        assertThatThrownBy(() -> new NcfTrainer.Recency(1, 0)).hasMessageContaining("half-life");
    }

    @Test
    void noRecencyTrainsExactlyAsBefore() {
        Interactions d = NcfModelsTest.planted(4);
        UserItems all = UserItems.of(d);
        Graph a = NcfModels.build(NcfModels.Kind.NEUMF, NcfModelsTest.USERS, NcfModelsTest.ITEMS, 4,
                new int[] {8, 4}, new Rng(2));
        Graph b = NcfModels.build(NcfModels.Kind.NEUMF, NcfModelsTest.USERS, NcfModelsTest.ITEMS, 4,
                new int[] {8, 4}, new Rng(2));
        NcfTrainer.train(a, all, new NcfTrainer.Options(2, 32, 2, 0.01, 1, 0.1, true,
                NcfTrainer.LrSchedule.COSINE), null);
        NcfTrainer.train(b, all, new NcfTrainer.Options(2, 32, 2, 0.01, 1, 0.1, true,
                NcfTrainer.LrSchedule.COSINE, NcfTrainer.Recency.NONE), null);
        for (String name : a.parameters().keySet()) {
            assertThat(b.parameters().get(name).value().toArray()).as(name)
                    .containsExactly(a.parameters().get(name).value().toArray());
        }
    }

    /**
     * Each user first chose 6 items of one group, then moved on to 5 items of the
     * next group; the latest, held out, is of the new group. Trained alike, a model
     * that weighs recent interactions more ranks the new group's held-out item
     * higher among the 29 unseen items (4 of the old group, 5 of the new, 20 of
     * others) than one that weighs all alike, which still leans to the old group.
     */
    @Test
    void aUserWhoseTasteMovedIsServedTheNewTaste() {
        int users = 60;
        int items = 40;
        int per = 10;
        Rng rng = new Rng(7);
        int[][] us = new int[11][users];
        int[][] is = new int[11][users];
        for (int u = 0; u < users; u++) {
            int g = u % 4;
            int[] old = rng.permutation(per);
            int[] now = rng.permutation(per);
            for (int j = 0; j < 11; j++) {
                us[j][u] = u;
                is[j][u] = j < 6 ? g * per + old[j] : ((g + 1) % 4) * per + now[j - 6];
            }
        }
        // rounds in time order: every user's j-th choice comes before anyone's (j+1)-th
        int[] user = new int[11 * users];
        int[] item = new int[11 * users];
        for (int j = 0; j < 11; j++) {
            System.arraycopy(us[j], 0, user, j * users, users);
            System.arraycopy(is[j], 0, item, j * users, users);
        }
        LeaveOneOut.Holdout h = LeaveOneOut.of(Interactions.ofPairs(users, items, user, item)).test(99, 3);
        double[] plain = new double[3];
        double[] recent = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            plain[seed] = ndcg(h, NcfTrainer.Recency.NONE, seed);
            recent[seed] = ndcg(h, new NcfTrainer.Recency(6, 2), seed);
        }
        double p = Arrays.stream(plain).average().orElseThrow();
        double r = Arrays.stream(recent).average().orElseThrow();
        assertThat(r).as("NDCG@5 with recency %s, without %s", Arrays.toString(recent), Arrays.toString(plain))
                .isGreaterThan(p + 0.1);
    }

    private static double ndcg(LeaveOneOut.Holdout h, NcfTrainer.Recency recency, long seed) {
        Graph g = NcfModels.build(NcfModels.Kind.GMF, 60, 40, 2, new int[] {16, 8}, new Rng(seed));
        NcfTrainer.train(g, h.trainItems(), new NcfTrainer.Options(30, 64, 4, 0.02, seed, 0, false,
                NcfTrainer.LrSchedule.CONSTANT, recency), null);
        return Ranking.evaluate(NcfTrainer.scorer(g), h, 5, false).ndcg();
    }

    @Test
    void eachPositiveAppearsAsOftenAsItsWeightWithItsOwnNegatives() {
        // one user chose items 0..5 in that order: ages 5..0
        int[] user = new int[6];
        int[] item = {0, 1, 2, 3, 4, 5};
        UserItems train = UserItems.of(Interactions.ofPairs(1, 20, user, item));
        NcfTrainer.Recency r = new NcfTrainer.Recency(4, 1); // weights 1.125, 1.25, 1.5, 2, 3, 5
        NcfTrainer.Examples ex = new NcfTrainer.Examples(train, new NcfTrainer.Options(1, 8, 3, 0.01, 1, 0, false,
                NcfTrainer.LrSchedule.CONSTANT, r));
        assertThat(ex.expected).isCloseTo((1.125 + 1.25 + 1.5 + 2 + 3 + 5) * 4, within(1e-9));
        Rng rng = new Rng(11);
        int epochs = 4000;
        long[] copies = new long[6];
        for (int e = 0; e < epochs; e++) {
            int n = ex.draw(rng);
            assertThat(n % 4).isZero();
            for (int k = 0; k < n; k += 4) {
                assertThat(ex.labels[k]).isEqualTo(1f);
                copies[ex.items[k]]++;
                for (int s = 1; s <= 3; s++) {
                    assertThat(ex.labels[k + s]).isEqualTo(0f);
                    assertThat(ex.items[k + s]).isBetween(6, 19);
                }
            }
        }
        double[] want = {1.125, 1.25, 1.5, 2, 3, 5};
        for (int i = 0; i < 6; i++) {
            assertThat((double) copies[i] / epochs).as("item %d", i).isCloseTo(want[i], within(0.03));
        }
    }

    @Test
    void recencyWithoutTimesIsRefused() {
        UserItems noTimes = new UserItems(new int[][] {{0, 1}}, 3);
        Graph g = NcfModels.build(NcfModels.Kind.GMF, 1, 3, 2, new int[] {4, 2}, new Rng(1));
        assertThatThrownBy(() -> NcfTrainer.train(g, noTimes, new NcfTrainer.Options(1, 8, 1, 0.01, 1, 0, false,
                NcfTrainer.LrSchedule.CONSTANT, new NcfTrainer.Recency(1, 1)), null))
                .hasMessageContaining("needs the interactions' times");
    }
}
