/**
 * Trained models as users serve them: {@link dev.dendrite.model.Model} (network,
 * normaliser, task, class and feature names) and its mapping to the model file
 * ({@link dev.dendrite.model.ModelCodec}).
 */
package dev.dendrite.model;
