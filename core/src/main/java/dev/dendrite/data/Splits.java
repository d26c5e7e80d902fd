package dev.dendrite.data;

/**
 * The three parts of a dataset made by {@link Split}: disjoint, together
 * covering every row once. A part whose fraction is 0 is an empty dataset
 * with the same columns and classes.
 */
public record Splits(Dataset train, Dataset validation, Dataset test) {
}
