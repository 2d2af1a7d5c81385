package dev.hud.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.hud.trainer.Nd4jRuntime;

/**
 * The batched trainer computes what DL4J computes: three fits trained side by side end with the
 * weights three DL4J MultiLayerNetworks reach on the same minibatches ({@link Dl4jReference}),
 * for every optimizer DL4J has; and its losses are DL4J's scores (clipped binary cross-entropy).
 */
class BatchedTrainerEquivalenceTest {

    private static final int FEATURES = 6;
    private static final NetworkSpec SPEC = new NetworkSpec(new int[] { 8, 4 }, new double[] { 0, 0 });

    @BeforeAll
    static void nd4j() {
        Nd4jRuntime.configure();
    }

    /** DL4J has no classical momentum (Optimizer.SGD): {@code ReferenceTrainerTest} checks that one. */
    @ParameterizedTest
    @EnumSource(value = Optimizer.class, names = { "NESTEROV", "RMSPROP", "ADAM" })
    void sameWeightsAsDl4jMultiLayerNetwork(Optimizer optimizer) {
        float[][] train = TrainingFixtures.rows(43, FEATURES, 1);
        float[][] validation = TrainingFixtures.rows(11, FEATURES, 2);
        List<Fit> fits = List.of(
                TrainingFixtures.fit("a", new Hyperparameters(0.03, 0.4, 5, 3, optimizer), train, validation, null, 11),
                TrainingFixtures.fit("b", new Hyperparameters(0.01, 0.9, 5, 3, optimizer), train, validation, null, 12),
                TrainingFixtures.fit("c", new Hyperparameters(0.1, 0.0, 5, 3, optimizer), train, validation, null, 13));

        List<FitOutcome> outcomes = new BatchedTrainer(SPEC, FEATURES).train(fits, EpochListener.NONE, () -> false);

        for (int f = 0; f < fits.size(); f++) {
            float[] expected = Dl4jReference.train(SPEC, fits.get(f));
            float[] actual = outcomes.get(f).parameters();
            float worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst < 2e-5,
                    optimizer + " fit " + fits.get(f).id() + ": weights differ from DL4J's by " + worst);
            assertEquals(3, outcomes.get(f).history().size());
            assertEquals(3, outcomes.get(f).bestEpoch());
        }
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void epochMetricsAreThoseOfTheReturnedNetwork(Optimizer optimizer) {
        float[][] train = TrainingFixtures.rows(30, FEATURES, 3);
        float[][] validation = TrainingFixtures.rows(12, FEATURES, 4);
        Fit fit = TrainingFixtures.fit("m", new Hyperparameters(0.05, 0.5, 4, 2, optimizer), train, validation, null,
                5);
        FitOutcome outcome = new BatchedTrainer(SPEC, FEATURES).train(List.of(fit), EpochListener.NONE, () -> false)
                .get(0);

        MultiLayerNetwork network = Dl4jModels.network(SPEC, FEATURES, fit.hyperparameters(), outcome.parameters());
        var last = outcome.history().get(1);
        assertEquals(last.validationLoss(), network.score(dataSet(validation, fit.validationY())), 1e-5);
        assertEquals(last.trainLoss(), network.score(dataSet(train, fit.trainY())), 1e-5);
    }

    static DataSet dataSet(float[][] rows, float[] labels) {
        return new DataSet(Nd4j.create(rows), Nd4j.create(labels, new long[] { labels.length, 1 }, 'c'));
    }
}
