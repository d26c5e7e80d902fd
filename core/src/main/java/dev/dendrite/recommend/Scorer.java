package dev.dendrite.recommend;

/**
 * Scores items for one user, higher meaning more likely to be chosen: what the
 * evaluation ranks. Models and baselines both implement it.
 */
@FunctionalInterface
public interface Scorer {
    /** Writes the score of each of {@code items} for {@code user} into {@code out}. */
    void score(int user, int[] items, float[] out);
}
