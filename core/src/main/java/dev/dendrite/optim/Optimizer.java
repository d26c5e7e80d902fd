package dev.dendrite.optim;

import dev.dendrite.autograd.Gradients;
import dev.dendrite.tensor.Tensor;

import java.util.Map;

/**
 * Updates parameters from gradients: {@code step(gradients)}. All per-parameter
 * state (momentum buffers, moment estimates, the step count) is exposed by
 * {@link #state()} as named tensors and restored by {@link #loadState}, so a
 * checkpoint resumes exactly.
 */
public interface Optimizer {

    /** Applies one update to every parameter the optimizer was built with. */
    void step(Gradients gradients);

    /** The current learning rate. */
    double learningRate();

    /** Sets the learning rate for the following steps (schedules call this). */
    void learningRate(double lr);

    /** The number of steps taken. */
    long steps();

    /** Named state tensors, keyed by parameter name plus a suffix ({@code 0.weight.m}). */
    Map<String, Tensor> state();

    /** Restores what {@link #state()} returned. */
    void loadState(Map<String, Tensor> state);

    /** A short description, e.g. {@code adam(lr=0.001)}. */
    String describe();
}
