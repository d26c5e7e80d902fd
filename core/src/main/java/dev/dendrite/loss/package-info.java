/**
 * Losses: {@link dev.dendrite.loss.SquaredError} (sum, as in the seed example,
 * and mean), {@link dev.dendrite.loss.CrossEntropy} (softmax, from logits) and
 * {@link dev.dendrite.loss.BinaryCrossEntropy} (from logits).
 */
package dev.dendrite.loss;
