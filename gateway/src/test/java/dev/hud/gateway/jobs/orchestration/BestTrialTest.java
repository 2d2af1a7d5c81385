package dev.hud.gateway.jobs.orchestration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents.Fold;
import dev.hud.gateway.jobs.CellColumns;
import dev.hud.gateway.jobs.Trial;

/** Which stored trial the gateway refits, and for how long: the rule the trainers' command line also follows. */
class BestTrialTest {

    @Test
    void theHighestAccuracyThatDidNotDivergeWinsTiesToTheLowerLossThenTheEarlierCell() {
        Trial diverged = trial(0, 0.99, null, true);
        Trial good = trial(1, 0.97, 0.20, false);
        Trial sameButLowerLoss = trial(2, 0.97, 0.10, false);
        Trial sameAgain = trial(3, 0.97, 0.10, false);
        Trial worse = trial(4, 0.90, 0.05, false);

        assertThat(best(diverged, good, worse), is(1));
        assertThat(best(good, sameButLowerLoss, worse), is(2));
        assertThat(best(sameAgain, sameButLowerLoss), is(2));
        // A cell that diverged is only chosen when every cell did (and then the job fails).
        assertThat(best(diverged, trial(5, 0.10, 2.0, true)), is(0));
        assertThat(best(diverged, trial(6, 0.10, 2.0, false)), is(6));
    }

    @Test
    void theRefitTrainsForTheFoldsMeanBestEpochWithEarlyStoppingElseTheCellsEpochs() {
        Trial trial = trial(0, 0.95, 0.1, false);
        trial.hyperparameters.epochs = 50;
        trial.folds = List.of(fold(0, 10), fold(1, 13), fold(2, 14));
        assertThat("(10 + 13 + 14) / 3 = 12.3", ResultApplier.refitEpochs(trial, true), is(12));
        assertThat(ResultApplier.refitEpochs(trial, false), is(50));
        trial.folds = List.of(fold(0, 13), fold(1, 14));
        assertThat("13.5 rounds up", ResultApplier.refitEpochs(trial, true), is(14));
        // Without the folds' epochs (a result from before they were reported): the cell's epochs.
        trial.folds = null;
        assertThat(ResultApplier.refitEpochs(trial, true), is(50));
    }

    private static int best(Trial... trials) {
        var list = new ArrayList<>(List.of(trials));
        list.sort(ResultApplier.BEST_FIRST);
        return list.get(0).idx;
    }

    private static Trial trial(int idx, double accuracy, Double loss, boolean diverged) {
        var trial = new Trial();
        trial.idx = idx;
        trial.meanAccuracy = accuracy;
        trial.meanLoss = loss;
        trial.diverged = diverged;
        trial.hyperparameters = CellColumns.of(new Cell(0.01, 0.4, 5, 55, "sgd"));
        return trial;
    }

    private static Fold fold(int index, int bestEpoch) {
        return new Fold(index, 0, 80, 10, 22, bestEpoch, bestEpoch + 3, 0, 0.9, 0.1, List.of());
    }
}
