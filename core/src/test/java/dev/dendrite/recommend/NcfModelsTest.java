package dev.dendrite.recommend;

import dev.dendrite.nn.Graph;
import dev.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The models learn a planted structure: users and items fall into 4 groups and
 * users choose only items of their own group, so a model that learns anything
 * ranks a held-out item of the user's group above the other groups' items,
 * which popularity cannot (every item is about equally popular).
 */
class NcfModelsTest {
    static final int USERS = 80;
    static final int ITEMS = 40;
    static final int GROUPS = 4;

    @TempDir
    Path dir;

    /** Each user chooses 6 of the 10 items of group {@code user % 4}, in a random order. */
    static Interactions planted(long seed) {
        Rng rng = new Rng(seed);
        int per = ITEMS / GROUPS;
        int[] us = new int[USERS * 6];
        int[] is = new int[USERS * 6];
        int k = 0;
        for (int u = 0; u < USERS; u++) {
            int[] perm = rng.permutation(per);
            for (int j = 0; j < 6; j++) {
                us[k] = u;
                is[k++] = (u % GROUPS) * per + perm[j];
            }
        }
        // interleave users so the file is in time order across users
        int[] order = rng.permutation(us.length);
        int[] u2 = new int[us.length];
        int[] i2 = new int[us.length];
        for (int j = 0; j < order.length; j++) {
            u2[j] = us[order[j]];
            i2[j] = is[order[j]];
        }
        return Interactions.ofPairs(USERS, ITEMS, u2, i2);
    }

    private static Ranking.Metrics trainAndRank(NcfModels.Kind kind, LeaveOneOut.Holdout h) {
        Graph g = NcfModels.build(kind, USERS, ITEMS, 8, new int[] {16, 8}, new Rng(3));
        NcfTrainer.train(g, h.trainItems(), new NcfTrainer.Options(25, 64, 4, 0.01, 5), null);
        return Ranking.evaluate(NcfTrainer.scorer(g), h, 10, true);
    }

    @Test
    void everyModelLearnsThePlantedGroupsAndBeatsPopularity() {
        LeaveOneOut.Holdout h = LeaveOneOut.of(planted(1)).test(20, 2);
        double pop = Ranking.evaluate(Baselines.mostPopular(h.trainItems()), h, 3, false).hr();
        for (NcfModels.Kind kind : NcfModels.Kind.values()) {
            Ranking.Metrics m = trainAndRank(kind, h);
            // 4 of a user's own group are unseen among 20 candidates + the target: a learner ranks the target
            // in the top 5 or so; chance puts it in the top 3 with probability 3/21
            Ranking.Metrics at3 = Ranking.evaluate(modelScorer(kind, h), h, 3, false);
            assertThat(m.hr()).as(kind + " HR@10").isGreaterThan(0.95);
            assertThat(at3.hr()).as(kind + " HR@3 vs popularity " + pop).isGreaterThan(pop + 0.3);
        }
    }

    private static Scorer modelScorer(NcfModels.Kind kind, LeaveOneOut.Holdout h) {
        Graph g = NcfModels.build(kind, USERS, ITEMS, 8, new int[] {16, 8}, new Rng(3));
        NcfTrainer.train(g, h.trainItems(), new NcfTrainer.Options(25, 64, 4, 0.01, 5), null);
        return NcfTrainer.scorer(g);
    }

    @Test
    void trainingIsReproducibleFromTheSeed() {
        LeaveOneOut.Holdout h = LeaveOneOut.of(planted(1)).test(20, 2);
        float[][] out = new float[2][];
        for (int run = 0; run < 2; run++) {
            Graph g = NcfModels.neumf(USERS, ITEMS, 4, new int[] {8, 4}, new Rng(3));
            NcfTrainer.train(g, h.trainItems(), new NcfTrainer.Options(2, 32, 3, 0.01, 9), null);
            out[run] = NcfTrainer.logits(g, new int[] {0, 5, 9}, new int[] {1, 2, 3});
        }
        assertThat(out[1]).containsExactly(out[0]);
    }

    @Test
    void pretrainedNeuMFStartsAsTheWeightedSumOfGmfAndMlp() {
        Graph gmf = NcfModels.gmf(USERS, ITEMS, 4, new Rng(1));
        Graph mlp = NcfModels.mlp(USERS, ITEMS, new int[] {8, 6, 4}, new Rng(2));
        // move them off their initial values so the copy is tested on trained weights
        UserItems all = UserItems.of(planted(3));
        NcfTrainer.train(gmf, all, new NcfTrainer.Options(1, 32, 1, 0.05, 1), null);
        NcfTrainer.train(mlp, all, new NcfTrainer.Options(1, 32, 1, 0.05, 1), null);
        Graph neumf = NcfModels.neumf(USERS, ITEMS, 4, new int[] {8, 6, 4}, new Rng(9));
        NcfModels.neumfFromPretrained(neumf, gmf, mlp, 0.5f);
        int[] us = {0, 7, 33, 79};
        int[] is = {0, 39, 12, 5};
        float[] g = NcfTrainer.logits(gmf, us, is);
        float[] m = NcfTrainer.logits(mlp, us, is);
        float[] n = NcfTrainer.logits(neumf, us, is);
        for (int k = 0; k < us.length; k++) {
            assertThat(n[k]).isCloseTo(0.5f * g[k] + 0.5f * m[k], within(1e-5f));
        }
    }

    @Test
    void aStepChangesOnlyTheItemRowsItUsed() {
        Graph g = NcfModels.gmf(3, 50, 4, new Rng(1));
        float[] before = g.parameters().get("gmf_item.weight").value().toArray();
        // user 0 saw item 7 only; with no negatives the only row that moves is 7
        UserItems one = new UserItems(new int[][] {{7}, {}, {}}, 50);
        NcfTrainer.train(g, one, new NcfTrainer.Options(1, 8, 0, 0.1, 1), null);
        float[] after = g.parameters().get("gmf_item.weight").value().toArray();
        for (int row = 0; row < 50; row++) {
            float[] b = Arrays.copyOfRange(before, row * 4, row * 4 + 4);
            float[] a = Arrays.copyOfRange(after, row * 4, row * 4 + 4);
            if (row == 7) {
                assertThat(a).isNotEqualTo(b);
            } else {
                assertThat(a).containsExactly(b);
            }
        }
    }

    @Test
    void mfScoresAreTheDotProductPlusBiases() {
        Graph g = NcfModels.mf(2, 3, 2, new Rng(4));
        float[] p = g.parameters().get("mf_user.weight").value().toArray();
        float[] q = g.parameters().get("mf_item.weight").value().toArray();
        g.parameters().get("user_bias.weight").update(dev.dendrite.tensor.Tensor.of(new float[] {0.5f, -1f}, 2, 1));
        g.parameters().get("item_bias.weight").update(dev.dendrite.tensor.Tensor.of(new float[] {0f, 2f, 3f}, 3, 1));
        float[] z = NcfTrainer.logits(g, new int[] {1, 0}, new int[] {2, 1});
        assertThat(z[0]).isCloseTo(p[2] * q[4] + p[3] * q[5] - 1f + 3f, within(1e-6f));
        assertThat(z[1]).isCloseTo(p[0] * q[2] + p[1] * q[3] + 0.5f + 2f, within(1e-6f));
    }

    @Test
    void anL2PenaltyKeepsTheTablesSmaller() {
        UserItems all = UserItems.of(planted(6));
        double[] norms = new double[2];
        double[] l2 = {0, 0.5};
        for (int run = 0; run < 2; run++) {
            Graph g = NcfModels.gmf(USERS, ITEMS, 8, new Rng(3));
            NcfTrainer.train(g, all, new NcfTrainer.Options(5, 32, 2, 0.02, 4, l2[run]), null);
            for (float v : g.parameters().get("gmf_item.weight").value().toArray()) {
                norms[run] += v * v;
            }
        }
        assertThat(norms[1]).isLessThan(norms[0] / 2);
    }

    @Test
    void schedulesAnnealTheLearningRateToZero() {
        // linear: 1 - t; cosine: (1 + cos(pi t)) / 2, which is 1/2 half-way and (1 + 1/sqrt 2) / 2 a quarter in
        assertThat(NcfTrainer.LrSchedule.CONSTANT.factor(7, 8)).isEqualTo(1.0);
        assertThat(NcfTrainer.LrSchedule.LINEAR.factor(1, 4)).isCloseTo(0.75, within(1e-12));
        assertThat(NcfTrainer.LrSchedule.COSINE.factor(5, 10)).isCloseTo(0.5, within(1e-12));
        assertThat(NcfTrainer.LrSchedule.COSINE.factor(1, 4)).isCloseTo((1 + Math.sqrt(0.5)) / 2, within(1e-12));
        assertThat(NcfTrainer.LrSchedule.COSINE.factor(4, 4)).isCloseTo(0.0, within(1e-12));
        assertThat(NcfTrainer.LrSchedule.parse("Cosine")).isEqualTo(NcfTrainer.LrSchedule.COSINE);
    }

    @Test
    void anAnnealedRunMovesTheWeightsLessThanAConstantOne() {
        // the same run twice from the same start, once at a constant rate and once annealed linearly to zero:
        // Adam moves each weight by about the rate per step, so the annealed run (half the mean rate) moves less
        UserItems all = UserItems.of(planted(8));
        Graph a = NcfModels.gmf(USERS, ITEMS, 4, new Rng(2));
        NcfTrainer.train(a, all, new NcfTrainer.Options(3, 32, 2, 0.02, 4, 0, false, NcfTrainer.LrSchedule.LINEAR),
                null);
        float[] before = a.parameters().get("gmf_item.weight").value().toArray();
        Graph b = NcfModels.gmf(USERS, ITEMS, 4, new Rng(2));
        float[] init = b.parameters().get("gmf_item.weight").value().toArray();
        NcfTrainer.train(b, all, new NcfTrainer.Options(3, 32, 2, 0.02, 4, 0, false, NcfTrainer.LrSchedule.CONSTANT),
                null);
        float[] constant = b.parameters().get("gmf_item.weight").value().toArray();
        assertThat(distance(before, init)).isLessThan(distance(constant, init));
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void dropoutSitsInTheTowerAndIsOffWhenScoring() {
        Graph g = NcfModels.neumf(USERS, ITEMS, 4, new int[] {16, 8, 4}, 0.5f, new Rng(1));
        assertThat(g.nodeNames()).contains("mlp_1_dropout", "mlp_2_dropout");
        // evaluation mode ignores dropout, so scoring the same pairs twice gives the same logits
        int[] us = {0, 1, 2};
        int[] is = {3, 4, 5};
        assertThat(NcfTrainer.logits(g, us, is)).containsExactly(NcfTrainer.logits(g, us, is));
        UserItems all = UserItems.of(planted(3));
        NcfTrainer.train(g, all, new NcfTrainer.Options(2, 32, 2, 0.01, 1), null);
        assertThat(NcfTrainer.logits(g, us, is)).containsExactly(NcfTrainer.logits(g, us, is));
    }

    @Test
    void theValidationCurveEndsWhereAPlainEvaluationOfTheSameSettingsIs() {
        // two code paths, one model: the curve's last epoch must equal the evaluation of the finished runs
        LeaveOneOut.Holdout h = LeaveOneOut.of(planted(11)).validation(20, 3);
        NcfPipeline.Settings s = new NcfPipeline.Settings(NcfModels.Kind.NEUMF, 4, new int[] {8, 4}, 3, 32, 2, 0.01,
                false, 0.1, 0.2f, true, NcfTrainer.LrSchedule.CONSTANT);
        double[][] curve = NcfPipeline.curve(s, h, 5, 2, 7, null);
        assertThat(curve).hasNumberOfRows(3);
        NcfPipeline.Row row = NcfPipeline.evaluate(s, h, 5, 2, 7, false, false, null).get(0);
        assertThat(curve[2][0]).isEqualTo(row.metrics().hr());
        assertThat(curve[2][2]).isEqualTo(row.metrics().ndcg());
        assertThat(curve[2][1]).isEqualTo(Ranking.meanAndSd(row.hrRuns())[1]);
    }
}
