package dev.hud.trainer.model;

import java.util.SplittableRandom;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stock way to train one fit: a DL4J {@link MultiLayerNetwork} fed minibatch by minibatch.
 * Same initial weights and minibatch order as {@link BatchedTrainer}; DL4J draws its own dropout
 * masks. The benchmark's reference, and what {@link BatchedTrainer} is measured against.
 */
public final class Dl4jReference {

    private Dl4jReference() {
    }

    /** Trains the fit for all its epochs (no early stopping) and returns its parameters. */
    public static float[] train(NetworkSpec spec, Fit fit) {
        int features = fit.trainX()[0].length;
        var random = new SplittableRandom(fit.seed());
        MultiLayerNetwork network = Dl4jModels.network(spec, features, fit.hyperparameters(),
                NetworkParameters.initial(spec, features, random));
        int batch = fit.hyperparameters().batchSize();
        for (int epoch = 0; epoch < fit.hyperparameters().epochs(); epoch++) {
            int[] order = Minibatches.shuffled(fit.trainX().length, random);
            for (int start = 0; start < order.length; start += batch) {
                int size = Math.min(batch, order.length - start);
                float[][] x = new float[size][];
                float[] y = new float[size];
                for (int i = 0; i < size; i++) {
                    x[i] = fit.trainX()[order[start + i]];
                    y[i] = fit.trainY()[order[start + i]];
                }
                network.fit(new DataSet(Nd4j.create(x), Nd4j.create(y, new long[] { size, 1 }, 'c')));
            }
        }
        return Dl4jModels.parameters(network, spec, features);
    }
}
