package dev.dendrite.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recommend commands end to end on generated interactions with a planted
 * structure: 60 users in 3 groups, each choosing 8 of its group's 12 items.
 */
class RecommendCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static WalkthroughCommandTest.Run train;

    @BeforeAll
    static void trainOnce() throws IOException {
        StringBuilder sb = new StringBuilder("user,item,rating,timestamp\n");
        java.util.Random rnd = new java.util.Random(5);
        long t = 1000;
        for (int round = 0; round < 8; round++) {
            for (int u = 0; u < 60; u++) {
                int g = u % 3;
                // user u's round-th item of its group, in a user-specific order
                int item = g * 12 + (u * 7 + round * 5) % 12;
                sb.append("u").append(u).append(",i").append(item).append(',').append(1 + rnd.nextInt(5))
                        .append(',').append(t++).append('\n');
            }
        }
        data = dir.resolve("ratings.csv");
        Files.writeString(data, sb);
        model = dir.resolve("rec.dnd");
        train = WalkthroughCommandTest.run("recommend", "train", "--data", data.toString(), "--epochs", "30", "--batch-size", "64", "--lr", "0.01",
                "--factors", "8", "--layers", "16,8", "--candidates", "20", "--output", model.toString(), "--quiet");
    }

    @Test
    void trainPrintsTheModelBesideTheBaselinesAndSavesTheRefit() {
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("480 interactions, 60 users, 36 items")
                .contains("latest (test) item of 60 users, ranked among 20 sampled unseen items");
        List<String> names = train.out().lines().map(l -> l.split(" ")[0]).toList();
        // the default NeuMF takes the history input; the kNN of recent items is ranked beside it as a baseline
        assertThat(names).contains("neumf+history", "most-popular", "item-knn", "bpr-mf", "neighbourhood");
        String neumf = train.out().lines().filter(l -> l.startsWith("neumf")).findFirst().orElseThrow();
        // 4 unseen items of the user's own group among 21 candidates: a learner puts the target in the top 10
        assertThat(Double.parseDouble(neumf.trim().split("\\s+")[1])).isGreaterThan(0.9);
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void topExcludesSeenItemsAndPutsTheUsersGroupFirst() {
        WalkthroughCommandTest.Run top = WalkthroughCommandTest.run("recommend", "top", "--model", model.toString(),
                "--user", "u4", "-k", "3");
        assertThat(top.code()).as(top.err()).isZero();
        List<String> lines = top.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("rank,item,score");
        assertThat(lines).hasSize(4);
        // u4 is in group 1 (items 12..23) and has seen (28 + 5r) % 12 + 12 for r = 0..7, i.e. 16, 21, 14, 19, ...
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int r = 0; r < 8; r++) {
            seen.add(12 + (4 * 7 + r * 5) % 12);
        }
        // the best item is one of the 4 unseen items of the user's group; none of the 3 is a seen one
        assertThat(Integer.parseInt(lines.get(1).split(",")[1].substring(1))).isBetween(12, 23);
        for (String l : lines.subList(1, 4)) {
            int item = Integer.parseInt(l.split(",")[1].substring(1));
            assertThat(seen).doesNotContain(item);
            assertThat(Double.parseDouble(l.split(",")[2])).isBetween(0.0, 1.0);
        }
    }

    @Test
    void anUnknownUserIsToldAndGetsPopularItems() {
        WalkthroughCommandTest.Run top = WalkthroughCommandTest.run("recommend", "top", "--model", model.toString(),
                "--user", "stranger", "-k", "2");
        assertThat(top.code()).isZero();
        assertThat(top.err()).contains("user 'stranger' is not in the model's data; these are the most popular items");
        // every item has 60 * 8 / 36 users at most; each line carries a count
        assertThat(top.out().lines().toList()).hasSize(3).first().isEqualTo("rank,item,users");
    }

    @Test
    void similarAndScoreAnswerInTheDataIds() throws IOException {
        WalkthroughCommandTest.Run sim = WalkthroughCommandTest.run("recommend", "similar", "--model", model.toString(),
                "--item", "i0", "-k", "4");
        assertThat(sim.code()).as(sim.err()).isZero();
        assertThat(sim.out().lines().skip(1).map(l -> l.split(",")[1])).doesNotContain("i0").hasSize(4);
        Path pairs = dir.resolve("pairs.csv");
        Files.writeString(pairs, "who,what\nu0,i1\nu0,i30\nnobody,i1\n");
        Path scores = dir.resolve("scores.csv");
        WalkthroughCommandTest.Run score = WalkthroughCommandTest.run("recommend", "score", "--model", model.toString(),
                "--input", pairs.toString(), "--user-column", "who", "--item-column", "what", "--output",
                scores.toString());
        assertThat(score.code()).as(score.err()).isZero();
        List<String> lines = Files.readAllLines(scores);
        assertThat(lines.get(0)).isEqualTo("user,item,score");
        assertThat(lines.get(3)).isEqualTo("nobody,i1,");
        // u0 (group 0) prefers i1 (its group) over i30 (group 2)
        double own = Double.parseDouble(lines.get(1).split(",")[2]);
        double other = Double.parseDouble(lines.get(2).split(",")[2]);
        assertThat(own).isGreaterThan(other);
    }

    @Test
    void scoreReadsAFirstLineOfUnknownIdsAsAHeaderAndSaysSo() throws IOException {
        Path pairs = dir.resolve("with-header.csv");
        Files.writeString(pairs, "userId,itemId\nu0,i1\nnobody,i1\n");
        WalkthroughCommandTest.Run auto = WalkthroughCommandTest.run("recommend", "score", "--model", model.toString(),
                "--input", pairs.toString());
        assertThat(auto.code()).as(auto.err()).isZero();
        assertThat(auto.err()).contains("the first line (userId, itemId) names no known user or item, so it is read "
                + "as a header");
        List<String> lines = auto.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("user,item,score");
        assertThat(lines.get(1)).startsWith("u0,i1,0.");
        assertThat(lines.get(2)).isEqualTo("nobody,i1,");
        // told otherwise, the first line is a pair (of unknown ids, so scored empty)
        WalkthroughCommandTest.Run kept = WalkthroughCommandTest.run("recommend", "score", "--model", model.toString(),
                "--input", pairs.toString(), "--no-header");
        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out().lines().toList()).hasSize(4).element(1).isEqualTo("userId,itemId,");
        // a first line of known ids is data without any flag, and --header skips it
        Path plain = dir.resolve("no-header.csv");
        Files.writeString(plain, "u0,i1\nu1,i2\n");
        WalkthroughCommandTest.Run data = WalkthroughCommandTest.run("recommend", "score", "--model", model.toString(),
                "--input", plain.toString());
        assertThat(data.err()).doesNotContain("header");
        assertThat(data.out().lines().toList()).hasSize(3);
        WalkthroughCommandTest.Run skipped = WalkthroughCommandTest.run("recommend", "score", "--model",
                model.toString(), "--input", plain.toString(), "--header");
        assertThat(skipped.out().lines().toList()).hasSize(2).element(1).asString().startsWith("u1,i2,0.");
    }

    @Test
    void evaluateRanksLaterInteractionsTheModelHasNotSeen() throws IOException {
        Path later = dir.resolve("later.csv");
        // u0..u5 each choose one unseen item of their group later; ids unknown to the model are left out
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < 6; u++) {
            int g = u % 3;
            int item = -1;
            for (int j = 0; j < 12 && item < 0; j++) {
                int cand = g * 12 + j;
                boolean seen = false;
                for (int r = 0; r < 8; r++) {
                    seen |= cand == g * 12 + (u * 7 + r * 5) % 12;
                }
                item = seen ? -1 : cand;
            }
            sb.append("u").append(u).append(",i").append(item).append(",5,").append(9000 + u).append('\n');
        }
        sb.append("newcomer,i1,5,9999\n");
        Files.writeString(later, sb);
        WalkthroughCommandTest.Run ev = WalkthroughCommandTest.run("recommend", "evaluate", "--model", model.toString(),
                "--data", later.toString(), "--candidates", "20");
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("the latest unseen item of 6 users").contains("1 interactions with users or items");
        String row = ev.out().lines().filter(l -> l.startsWith("model")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(row.trim().split("\\s+")[1])).isGreaterThan(0.8);
        // all three baselines, as train prints them
        List<String> names = ev.out().lines().map(l -> l.split(" ")[0]).toList();
        assertThat(names).contains("most-popular", "item-knn", "bpr-mf", "neighbourhood"); // the default model has one
        // each user has 3 unseen items of its own group besides the target among 27 unseen ones: a BPR-MF that
        // learns the groups, ranks the target no lower than 4th of the 21 candidates, a hit at 10
        String bpr = ev.out().lines().filter(l -> l.startsWith("bpr-mf")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(bpr.trim().split("\\s+")[1])).isGreaterThan(0.8);
    }

    @Test
    void curvePrintsOneValidationRowPerEpochAndSavesNothing() {
        WalkthroughCommandTest.Run c = WalkthroughCommandTest.run("recommend", "train", "--data", data.toString(),
                "--validation", "--curve", "--epochs", "30", "--batch-size", "64", "--lr", "0.01", "--factors", "8",
                "--layers", "16,8", "--candidates", "20", "--runs", "2", "--quiet");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("second-latest (validation) item of 60 users");
        List<String> rows = c.out().lines().filter(l -> l.matches("\\s*\\d+\\s+[01]\\.\\d{4} ± .*")).toList();
        assertThat(rows).hasSize(30);
        // the planted groups are learned by the end, as in train's own table
        assertThat(Double.parseDouble(rows.get(29).trim().split("\\s+")[1])).isGreaterThan(0.9);
        assertThat(c.out()).doesNotContain("most-popular").doesNotContain("saved");
    }
}
