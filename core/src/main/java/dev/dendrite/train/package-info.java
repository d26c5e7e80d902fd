/**
 * Training: {@link dev.dendrite.train.TrainStep} (one batch to loss and
 * gradients, changing nothing: what a distributed worker runs too),
 * {@link dev.dendrite.train.Trainer} (the loop that composes the step with an
 * optimizer, stopping rules, listeners, divergence detection and checkpoints),
 * per-epoch {@link dev.dendrite.train.History}, and
 * {@link dev.dendrite.train.CheckpointFile} for exact resumes.
 */
package dev.dendrite.train;
