package dev.dendrite.train;

/**
 * Saves the training state (with whatever else it holds: the model's weights
 * and the optimizer's state) so that a killed run can resume. The trainer calls
 * it every {@link TrainOptions#checkpointEvery()} steps and after every epoch.
 */
@FunctionalInterface
public interface Checkpointer {
    void save(TrainingState state);
}
