package dev.hud.trainer.search;

import java.util.ArrayList;
import java.util.List;

import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.Optimizer;

/**
 * The values to try: every combination is one cell (one trial). Learning rate x momentum is the
 * search of the original experiment; batch size, epochs and optimizer may vary too.
 */
public record GridSpec(List<Double> learningRates, List<Double> momentums, List<Integer> batchSizes,
        List<Integer> epochs, List<Optimizer> optimizers) {

    public GridSpec {
        requireValues("learning rates", learningRates);
        requireValues("momentums", momentums);
        requireValues("batch sizes", batchSizes);
        requireValues("epochs", epochs);
        requireValues("optimizers", optimizers);
        learningRates = List.copyOf(learningRates);
        momentums = List.copyOf(momentums);
        batchSizes = List.copyOf(batchSizes);
        epochs = List.copyOf(epochs);
        optimizers = List.copyOf(optimizers);
    }

    public static GridSpec of(List<Double> learningRates, List<Double> momentums, int batchSize, int epochs) {
        return new GridSpec(learningRates, momentums, List.of(batchSize), List.of(epochs), List.of(Optimizer.SGD));
    }

    public int size() {
        return learningRates.size() * momentums.size() * batchSizes.size() * epochs.size() * optimizers.size();
    }

    /** Every cell, learning rate varying slowest after optimizer, batch size and epochs. Each is validated. */
    public List<Hyperparameters> cells() {
        List<Hyperparameters> cells = new ArrayList<>();
        for (Optimizer optimizer : optimizers) {
            for (int batch : batchSizes) {
                for (int epochCount : epochs) {
                    for (double lr : learningRates) {
                        for (double momentum : momentums) {
                            cells.add(new Hyperparameters(lr, momentum, batch, epochCount, optimizer));
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static void requireValues(String name, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("the grid needs at least one value for " + name);
        }
    }
}
