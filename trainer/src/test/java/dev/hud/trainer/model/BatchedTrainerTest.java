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
        Fit fit = TrainingFixtures.fit("es", new Hyperparameters(0.05, 0, 3, 300, Optimizer.ADAM), train, validation,
                stopping, 3);

        FitOutcome outcome = new BatchedTrainer(SPEC, FEATURES).train(List.of(fit), EpochListener.NONE, () -> false)
                .get(0);

        assertTrue(outcome.stoppedEpoch() > 0 && outcome.stoppedEpoch() < 300, "stopped at " + outcome.stoppedEpoch());
        assertEquals(outcome.stoppedEpoch(), outcome.history().size(), "no epochs are recorded after the stop");
        assertEquals(outcome.bestEpoch() + stopping.patience(), outcome.stoppedEpoch());
        double bestLoss = outcome.history().stream().mapToDouble(EpochMetrics::earlyStoppingLoss).min().orElseThrow();
        assertEquals(bestLoss, outcome.best().earlyStoppingLoss());
        // The weights returned are the best epoch's, not the last one's.
        var network = Dl4jModels.network(SPEC, FEATURES, fit.hyperparameters(), outcome.parameters());
        double lossOfReturnedWeights = network
                .score(BatchedTrainerEquivalenceTest.dataSet(validation, fit.earlyStoppingY()));
        assertEquals(outcome.best().earlyStoppingLoss(), lossOfReturnedWeights, 1e-5);
        assertTrue(Math.abs(
                outcome.history().get(outcome.stoppedEpoch() - 1).earlyStoppingLoss() - lossOfReturnedWeights) > 1e-6);
    }

    @Test
    void aFitWhoseLossBecomesNaNStopsAsDivergedWithoutDisturbingTheOthers() {
        // Unscaled rows of 1e18 at a high learning rate: the float weights overflow within the first epochs.
        float[][] huge = TrainingFixtures.rows(30, FEATURES, 81);
        for (float[] row : huge) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] *= 1e18f;
            }
        }
        float[][] train = TrainingFixtures.rows(30, FEATURES, 82);
        float[][] validation = TrainingFixtures.rows(10, FEATURES, 83);
        Fit blowsUp = TrainingFixtures.fit("nan", new Hyperparameters(10, 0.9, 5, 30, Optimizer.SGD), huge, validation,
                null, 5);
        Fit sane = TrainingFixtures.fit("sane", new Hyperparameters(0.03, 0.4, 5, 30, Optimizer.SGD), train, validation,
                null, 6);
        var reported = new ArrayList<EpochMetrics>();
        var trainer = new BatchedTrainer(SPEC, FEATURES);

        List<FitOutcome> outcomes = trainer.train(List.of(blowsUp, sane), (id, metrics) -> {
            if (id.equals("nan")) {
                reported.add(metrics);
            }
        }, () -> false);

        FitOutcome diverged = outcomes.get(0);
        assertTrue(diverged.diverged(), "diverged at " + diverged.divergedEpoch());
        assertTrue(diverged.divergedEpoch() < 30);
        assertEquals(diverged.divergedEpoch() - 1, diverged.history().size(),
                "the epochs before the one that diverged");
        assertEquals(diverged.history(), reported, "no NaN epoch is reported");
        assertTrue(diverged.history().stream()
                .allMatch(m -> Double.isFinite(m.trainLoss()) && Double.isFinite(m.validationLoss())));
        assertEquals(0, diverged.bestEpoch(), "without early stopping no finite weights are kept");
        assertEquals(0, diverged.stoppedEpoch());
        FitOutcome alone = trainer.train(List.of(sane), EpochListener.NONE, () -> false).get(0);
        assertFalse(outcomes.get(1).diverged());
        assertArrayEquals(alone.parameters(), outcomes.get(1).parameters(), 1e-6f,
                "the fit beside it trains as if alone");
    }

    @Test
    void aFitDoesNotDependOnTheFitsBesideIt() {
        float[][] train = TrainingFixtures.rows(33, FEATURES, 31);
        float[][] validation = TrainingFixtures.rows(9, FEATURES, 32);
        Fit alone = TrainingFixtures.fit("x", new Hyperparameters(0.03, 0.4, 5, 4, Optimizer.SGD), train, validation,
                null, 77);
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
        assertArrayEquals(single.parameters(),
                trainer.train(List.of(alone), EpochListener.NONE, () -> false).get(0).parameters(),
                "the same seed gives the same network");
    }

    @Test
    void trainingLearnsAndReportsEveryEpoch() {
        float[][] train = TrainingFixtures.rows(200, FEATURES, 51);
        float[][] validation = TrainingFixtures.rows(60, FEATURES, 52);
        Fit fit = TrainingFixtures.fit("learn", new Hyperparameters(0.05, 0.9, 5, 20, Optimizer.SGD), train, validation,
                null, 1);
        var epochs = new AtomicInteger();
        FitOutcome outcome = new BatchedTrainer(SPEC, FEATURES)
                .train(List.of(fit), (id, metrics) -> epochs.incrementAndGet(), () -> false).get(0);
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
        assertThrows(IllegalArgumentException.class,
                () -> new BatchedTrainer(SPEC, FEATURES).train(List.of(five, four), EpochListener.NONE, () -> false));
        assertFalse(five.iterationsPerEpoch() == four.iterationsPerEpoch());
    }
}
