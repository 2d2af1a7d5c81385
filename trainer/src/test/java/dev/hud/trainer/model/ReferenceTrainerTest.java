package dev.hud.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.SearchSettings;

/**
 * The batched trainer against a plain double-precision implementation ({@link ReferenceTrainer}) on
 * the real shapes: WDBC's 30 features, two hidden layers with dropout on (the seed's 64-32 with 0.2 /
 * 0.1), batch 5, whole epochs; with classical momentum (which DL4J lacks) and Nesterov's; and early
 * stopping, which must stop at the same epoch and hand back the best epoch's weights.
 */
class ReferenceTrainerTest {

    private static final NetworkSpec SEED_NETWORK = new NetworkSpec(new int[] { 64, 32 }, new double[] { 0.2, 0.1 });
    private static final EarlyStopping STOPPING = new EarlyStopping(2, 0, 0.1);
    private static Experiment.Part fold;

    @BeforeAll
    static void data() {
        Nd4jRuntime.configure();
        var settings = new SearchSettings(5, 1, 0.2, STOPPING, FeatureSelection.ALL, SEED_NETWORK, 42, 1);
        fold = Experiment.prepare(CsvDatasetReader.wdbc(), settings).folds().get(0);
    }

    @ParameterizedTest
    @EnumSource(value = Optimizer.class, names = { "SGD", "NESTEROV" })
    void sameWeightsAfterWholeEpochsWithDropout(Optimizer optimizer) {
        var hp = new Hyperparameters(0.03, 0.43, 5, 2, optimizer);
        Fit fit = Fit.withoutEarlyStopping("plain", hp, fold.trainX(), fold.trainY(), fold.evaluationX(),
                fold.evaluationY(), 7);
        Fit other = Fit.withoutEarlyStopping("beside", new Hyperparameters(0.01, 0.9, 5, 2, optimizer), fold.trainX(),
                fold.trainY(),
                fold.evaluationX(), fold.evaluationY(), 8);

        FitOutcome batched = new BatchedTrainer(SEED_NETWORK, 30)
                .train(List.of(other, fit), EpochListener.NONE, () -> false).get(1);
        var reference = new ReferenceTrainer(SEED_NETWORK, 30).train(fit);

        assertClose(reference.parameters(), batched.parameters(),
                optimizer + ", 2 epochs of " + fit.iterationsPerEpoch() + " steps");
        assertEquals(2, batched.bestEpoch());
    }

    @ParameterizedTest
    @EnumSource(value = Optimizer.class, names = { "SGD", "NESTEROV" })
    void earlyStoppingStopsWhereTheReferenceDoesAndRestoresTheBestWeights(Optimizer optimizer) {
        var hp = new Hyperparameters(0.05, 0.5, 5, 60, optimizer);
        Fit fit = new Fit("stopping", hp, fold.trainX(), fold.trainY(), fold.earlyStoppingX(), fold.earlyStoppingY(),
                fold.evaluationX(),
                fold.evaluationY(), STOPPING, 11);

        FitOutcome batched = new BatchedTrainer(SEED_NETWORK, 30).train(List.of(fit), EpochListener.NONE, () -> false)
                .get(0);
        var reference = new ReferenceTrainer(SEED_NETWORK, 30).train(fit);

        assertTrue(reference.stoppedEpoch() > 0 && reference.stoppedEpoch() < 60,
                "the reference stopped at " + reference.stoppedEpoch());
        assertEquals(reference.stoppedEpoch(), batched.stoppedEpoch(), "stopped epoch");
        assertEquals(reference.bestEpoch(), batched.bestEpoch(), "best epoch");
        assertTrue(batched.bestEpoch() < batched.stoppedEpoch());
        assertClose(reference.parameters(), batched.parameters(),
                optimizer + ", restored at epoch " + batched.bestEpoch());
        var referenceTrainer = new ReferenceTrainer(SEED_NETWORK, 30);
        assertEquals(referenceTrainer.loss(reference.parameters(), fold.earlyStoppingX(), fold.earlyStoppingY()),
                batched.best().earlyStoppingLoss(), 1e-4,
                "the kept weights are those whose early-stopping loss was best");
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < 2e-4, what + ": weights differ from the reference by " + worst);
    }
}
