/**
 * Optimizers with explicit, saveable state: {@link dev.dendrite.optim.Sgd}
 * (momentum, Nesterov, weight decay) and {@link dev.dendrite.optim.Adam} (and
 * AdamW), plus learning-rate {@link dev.dendrite.optim.Schedule}s.
 */
package dev.dendrite.optim;
