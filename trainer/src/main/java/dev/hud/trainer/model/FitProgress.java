package dev.hud.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Where each fit of a batched call stands after every epoch, and what that epoch means for it: its curve, its best
 * epoch, and whether it ends here, by its {@link EarlyStopping} rule (its early-stopping loss has not improved by more
 * than {@code minDelta} for {@code patience} epochs) or because it diverged (a loss became NaN or infinite).
 */
final class FitProgress {

    /** What one epoch means for a fit. */
    enum Verdict {
        /** It goes on. */
        GOES_ON,
        /** Its early-stopping loss improved: its weights now are the ones to keep. */
        IMPROVED,
        /** It stops here: its early-stopping loss has not improved for {@code patience} epochs. */
        STOPPED,
        /** Its loss is no longer finite: nothing after this epoch means anything, and the fit ends. */
        DIVERGED
    }

    private final List<Fit> fits;
    private final List<List<EpochMetrics>> histories = new ArrayList<>();
    private final int[] bestEpoch;
    private final int[] stoppedEpoch;
    private final int[] divergedEpoch;
    private final double[] bestLoss;
    private final int[] sinceBest;

    FitProgress(List<Fit> fits) {
        this.fits = fits;
        int g = fits.size();
        bestEpoch = new int[g];
        stoppedEpoch = new int[g];
        divergedEpoch = new int[g];
        bestLoss = new double[g];
        sinceBest = new int[g];
        Arrays.fill(bestLoss, Double.POSITIVE_INFINITY);
        for (int f = 0; f < g; f++) {
            histories.add(new ArrayList<>());
        }
    }

    /** Whether fit f has ended (stopped or diverged): its later epochs are not recorded. */
    boolean ended(int f) {
        return stoppedEpoch[f] > 0 || divergedEpoch[f] > 0;
    }

    Verdict record(int f, EpochMetrics metrics) {
        int epoch = metrics.epoch();
        EarlyStopping stopping = fits.get(f).earlyStopping();
        if (metrics.diverged()) {
            divergedEpoch[f] = epoch;
            if (stopping == null) {
                bestEpoch[f] = 0; // its last weights are not finite
            }
            return Verdict.DIVERGED;
        }
        histories.get(f).add(metrics);
        if (stopping == null) {
            bestEpoch[f] = epoch;
            return Verdict.GOES_ON;
        }
        if (metrics.earlyStoppingLoss() < bestLoss[f] - stopping.minDelta()) {
            bestLoss[f] = metrics.earlyStoppingLoss();
            bestEpoch[f] = epoch;
            sinceBest[f] = 0;
            return Verdict.IMPROVED;
        }
        if (++sinceBest[f] >= stopping.patience()) {
            stoppedEpoch[f] = epoch;
            return Verdict.STOPPED;
        }
        return Verdict.GOES_ON;
    }

    /** Each fit's outcome, with the weights {@code kept} gives for it. */
    List<FitOutcome> outcomes(IntFunction<float[]> kept) {
        List<FitOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < fits.size(); f++) {
            outcomes.add(new FitOutcome(fits.get(f).id(), List.copyOf(histories.get(f)), bestEpoch[f], stoppedEpoch[f],
                    divergedEpoch[f], kept.apply(f)));
        }
        return outcomes;
    }
}
