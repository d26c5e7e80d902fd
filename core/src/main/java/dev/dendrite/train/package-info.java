/**
 * The training loop: {@link dev.dendrite.train.Trainer}, stopping rules
 * ({@link dev.dendrite.train.StopRule}), per-epoch {@link dev.dendrite.train.History},
 * listeners for progress display, and divergence detection.
 */
package dev.dendrite.train;
