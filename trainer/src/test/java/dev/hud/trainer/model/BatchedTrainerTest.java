package dev.hud.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hud.trainer.Nd4jRuntime;

class BatchedTrainerTest {

    private static final int FEATURES = 5;
    private static final NetworkSpec SPEC = new NetworkSpec(new int[] { 12, 6 }, new double[] { 0.2, 0.1 });

    @BeforeAll
    static void nd4j() {
        Nd4jRuntime.configure();
    }

    @Test
    void earlyStoppingStopsAndKeepsTheBestEpochsWeights() {
        // Few training rows, many epochs, a fast optimizer: the validation loss turns up and training must stop.
        float[][] train = TrainingFixtures.rows(12, FEATURES, 21);
        float[][] validation = TrainingFixtures.rows(40, FEATURES, 22);
        var stopping = new EarlyStopping(4, 0.0);
        Fit fit = TrainingFixtures.fit("es", new Hyperparameters(0.05, 0, 3, 300, Optimizer.ADAM), train, validation, stopping, 3);

        FitOutcome outcome = new BatchedTrainer(SPEC, FEATURES).train(List.of(fit), EpochListener.NONE, () -> false).get(0);

        assertTrue(outcome.stoppedEpoch() > 0 && outcome.stoppedEpoch() < 300, "stopped at " + outcome.stoppedEpoch());
        assertEquals(outcome.stoppedEpoch(), outcome.history().size(), "no epochs are recorded after the stop");
        assertEquals(outcome.bestEpoch() + stopping.patience(), outcome.stoppedEpoch());
        double bestLoss = outcome.history().stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
        assertEquals(bestLoss, outcome.best().validationLoss());
        // The weights returned are the best epoch's, not the last one's.
        var network = Dl4jModels.network(SPEC, FEATURES, fit.hyperparameters(), outcome.parameters());
        double lossOfReturnedWeights = network.score(BatchedTrainerEquivalenceTest.dataSet(validation, fit.validationY()));
        assertEquals(outcome.best().validationLoss(), lossOfReturnedWeights, 1e-5);
        assertTrue(Math.abs(outcome.history().get(outcome.stoppedEpoch() - 1).validationLoss() - lossOfReturnedWeights) > 1e-6);
    }

    @Test
    void aFitDoesNotDependOnTheFitsBesideIt() {
        float[][] train = TrainingFixtures.rows(33, FEATURES, 31);
        float[][] validation = TrainingFixtures.rows(9, FEATURES, 32);
        Fit alone = TrainingFixtures.fit("x", new Hyperparameters(0.03, 0.4, 5, 4, Optimizer.SGD), train, validation, null, 77);
        List<Fit> crowd = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            crowd.add(TrainingFixtures.fit("other" + i, new Hyperparameters(0.01 * (i + 1), 0.3, 5, 4, Optimizer.SGD),
                    TrainingFixtures.rows(31 + i % 3, FEATURES, 40 + i), validation, null, 100 + i));
        }
        crowd.add(2, alone);
        var trainer = new BatchedTrainer(SPEC, FEATURES);

        FitOutcome single = trainer.train(List.of(alone), EpochListener.NONE, () -> false).get(0);
        FitOutcome together = trainer.train(crowd, EpochListener.NONE, () -> false).get(2);

        assertEquals("x", together.id());
        assertArrayEquals(single.parameters(), together.parameters(), 1e-6f);
        assertEquals(single.history(), together.history());
        assertArrayEquals(single.parameters(), trainer.train(List.of(alone), EpochListener.NONE, () -> false).get(0).parameters(),
                "the same seed gives the same network");
    }

    @Test
    void trainingLearnsAndReportsEveryEpoch() {
        float[][] train = TrainingFixtures.rows(200, FEATURES, 51);
        float[][] validation = TrainingFixtures.rows(60, FEATURES, 52);
        Fit fit = TrainingFixtures.fit("learn", new Hyperparameters(0.05, 0.9, 5, 20, Optimizer.SGD), train, validation, null, 1);
        var epochs = new AtomicInteger();
        FitOutcome outcome = new BatchedTrainer(SPEC, FEATURES).train(List.of(fit), (id, metrics) -> epochs.incrementAndGet(), () -> false).get(0);
        assertEquals(20, epochs.get());
        assertEquals(20, outcome.bestEpoch());
        assertEquals(0, outcome.stoppedEpoch());
        EpochMetrics first = outcome.history().get(0);
        EpochMetrics last = outcome.history().get(19);
        assertTrue(last.trainLoss() < first.trainLoss(), first + " -> " + last);
        assertTrue(last.validationAccuracy() > 0.85, "validation accuracy " + last.validationAccuracy());
    }

    @Test
    void cancellationStopsBeforeTheNextEpoch() {
        float[][] rows = TrainingFixtures.rows(20, FEATURES, 61);
        Fit fit = TrainingFixtures.fit("c", new Hyperparameters(0.03, 0.4, 5, 50, Optimizer.SGD), rows, rows, null, 1);
        var epochs = new AtomicInteger();
        assertThrows(CancellationException.class, () -> new BatchedTrainer(SPEC, FEATURES)
                .train(List.of(fit), (id, metrics) -> epochs.incrementAndGet(), () -> epochs.get() >= 3));
        assertEquals(3, epochs.get());
    }

    @Test
    void refusesFitsThatCannotShareABatch() {
        float[][] rows = TrainingFixtures.rows(20, FEATURES, 61);
        Fit five = TrainingFixtures.fit("5", new Hyperparameters(0.03, 0.4, 5, 3, Optimizer.SGD), rows, rows, null, 1);
        Fit four = TrainingFixtures.fit("4", new Hyperparameters(0.03, 0.4, 4, 3, Optimizer.SGD), rows, rows, null, 1);
        assertThrows(IllegalArgumentException.class, () -> new BatchedTrainer(SPEC, FEATURES).train(List.of(five, four), EpochListener.NONE, () -> false));
        assertFalse(five.iterationsPerEpoch() == four.iterationsPerEpoch());
    }
}
