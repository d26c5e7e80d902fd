package dev.dendrite.examples;

import dev.dendrite.data.DataLoader;
import dev.dendrite.data.Datasets;
import dev.dendrite.data.Normalizer;
import dev.dendrite.data.Split;
import dev.dendrite.data.Splits;
import dev.dendrite.loss.CrossEntropy;
import dev.dendrite.nn.Activation;
import dev.dendrite.nn.Dense;
import dev.dendrite.nn.Sequential;
import dev.dendrite.optim.Sgd;
import dev.dendrite.tensor.Rng;
import dev.dendrite.tensor.Shape;
import dev.dendrite.train.History;
import dev.dendrite.train.ReduceOnPlateau;
import dev.dendrite.train.StepSchedule;
import dev.dendrite.train.TrainOptions;
import dev.dendrite.train.Trainer;
import dev.dendrite.train.TrainingListener;

/**
 * Learning rates set per step: linear warm-up into cosine annealing, then
 * reduce-on-plateau following validation loss; and a listener that stops the
 * run once validation accuracy reaches a goal ({@link Trainer#stop}). SGD with
 * Nesterov momentum on the digits. Prints the rate of every epoch and the final
 * validation accuracy.
 */
public final class Schedules {

    public static void main(String[] args) {
        System.out.printf("validation accuracy: %.4f%n", run());
    }

    /** Runs both schedules; returns the validation accuracy where the second run stopped. */
    public static double run() {
        Splits parts = new Split(0.2, 0, 5).apply(Datasets.digits());
        Normalizer scale = Normalizer.of(Normalizer.Kind.SCALE).fit(parts.train());
        DataLoader train = new DataLoader(scale.apply(parts.train()), 64, 5);

        // 1. warm up over the first 50 steps, then a cosine from 0.1 down to 0.001 over the whole run
        Sequential a = net();
        History h = new Trainer(a, new CrossEntropy(), sgd(a),
                TrainOptions.defaults().withEpochs(8)
                        .withStepSchedule(StepSchedule.warmup(50, StepSchedule.cosine(0.1, 0.001))))
                .fit(train, scale.apply(parts.validation())).history();
        for (History.Epoch e : h.epochs()) {
            System.out.printf("warm-up + cosine  epoch %d  lr %.4f  val_accuracy %.4f%n", e.epoch(),
                    e.learningRate(), e.validationAccuracy());
        }

        // 2. halve the rate when validation loss has not improved for 1 epoch; stop at 97% validation accuracy
        Sequential b = net();
        ReduceOnPlateau plateau = new ReduceOnPlateau(0.1, "val_loss", false, 0.5, 1, 1e-4);
        Trainer trainer = new Trainer(b, new CrossEntropy(), sgd(b),
                TrainOptions.defaults().withEpochs(30).withStepSchedule(plateau));
        trainer.listen(new TrainingListener() {
            @Override
            public void onEpoch(History.Epoch e) {
                System.out.printf("plateau           epoch %d  lr %.4f  val_accuracy %.4f%n", e.epoch(),
                        e.learningRate(), e.validationAccuracy());
                if (e.validationAccuracy() >= 0.97) {
                    trainer.stop("reached 97% validation accuracy");
                }
            }
        });
        Trainer.Result r = trainer.fit(train, scale.apply(parts.validation()));
        System.out.println("stopped: " + r.stopReason());
        return r.history().last().validationAccuracy();
    }

    private static Sequential net() {
        return new Sequential(new Dense(64), Activation.relu(), new Dense(10)).build(Shape.of(64), new Rng(5));
    }

    private static Sgd sgd(Sequential net) {
        return Sgd.builder(net.parameters()).learningRate(0.1).momentum(0.9).nesterov(true).build();
    }
}
