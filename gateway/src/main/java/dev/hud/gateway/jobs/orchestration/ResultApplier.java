package dev.hud.gateway.jobs.orchestration;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import dev.hud.common.messages.TrainingEvents.Fold;
import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.common.search.BestCell;
import dev.hud.gateway.jobs.CellColumns;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.TrialStatus;
import dev.hud.gateway.jobs.WorkFailure;
import dev.hud.gateway.models.Model;
import dev.hud.gateway.models.ModelViews;

/**
 * Applies what the trainers report to the stored jobs: a trial's result, a failure, the refit's
 * model. Each event is applied in one transaction holding the job's row lock, so the last trial's
 * result, wherever it is applied, is the one that picks the best cell and asks for the refit.
 * Applying the same event twice changes nothing (the broker may deliver one again).
 */
@ApplicationScoped
public class ResultApplier {

    private static final Logger LOG = Logger.getLogger(ResultApplier.class);

    /** What the caller does once the transaction committed. */
    public record Outcome(String jobId, boolean changed, boolean refitDue) {
        static Outcome none(String jobId) {
            return new Outcome(jobId, false, false);
        }
    }

    private final ModelViews models;

    ResultApplier(ModelViews models) {
        this.models = models;
    }

    /** Must run in a transaction. */
    public Outcome trialCompleted(TrialCompleted event) {
        TrainingJob job = job(event.jobId());
        Trial trial = job == null ? null : trial(job, event.trialId());
        if (trial == null || job.finished() && job.status != JobStatus.FAILED
                || trial.status == TrialStatus.SUCCEEDED) {
            return Outcome.none(event.jobId());
        }
        trial.status = TrialStatus.SUCCEEDED;
        trial.meanAccuracy = event.meanAccuracy();
        trial.stdAccuracy = event.stdAccuracy();
        trial.intervalLow = event.intervalLow();
        trial.intervalHigh = event.intervalHigh();
        trial.meanLoss = event.meanLoss();
        trial.diverged = event.diverged();
        trial.folds = event.folds();
        trial.workerId = event.workerId();
        trial.device = event.device();
        trial.wallSeconds = event.wallSeconds();
        trial.failure = null;
        trial.finishedAt = OffsetDateTime.now();
        return afterTrial(job);
    }

    /** Must run in a transaction. */
    public Outcome workFailed(WorkFailed event) {
        WorkFailure.record(WorkFailure.TRAINER, event.jobId(), event.trialId(), event.workerId(), event.reason());
        TrainingJob job = job(event.jobId());
        if (job == null || job.finished()) {
            return Outcome.none(event.jobId());
        }
        if (event.trialId() != null && event.trialId().endsWith("/refit")) {
            fail(job, "the refit failed: " + event.reason());
            return new Outcome(job.id, true, false);
        }
        Trial trial = trial(job, event.trialId());
        if (trial == null || trial.finished()) {
            return Outcome.none(job.id);
        }
        trial.status = TrialStatus.FAILED;
        trial.failure = event.reason();
        trial.workerId = event.workerId();
        trial.finishedAt = OffsetDateTime.now();
        return afterTrial(job);
    }

    /** Must run in a transaction. Work stops only for cancelled jobs, whose trials are cancelled already. */
    public Outcome workCancelled(WorkCancelled event) {
        TrainingJob job = job(event.jobId());
        Trial trial = job == null ? null : trial(job, event.trialId());
        if (trial != null && job.status == JobStatus.CANCELLED && !trial.finished()) {
            trial.status = TrialStatus.CANCELLED;
            trial.finishedAt = OffsetDateTime.now();
            return new Outcome(job.id, true, false);
        }
        return Outcome.none(event.jobId());
    }

    /** Must run in a transaction. Registers the model; a retrain job's model becomes the default one. */
    public Outcome modelCompleted(ModelCompleted event) {
        TrainingJob job = job(event.jobId());
        if (job == null || Model.findById(event.modelId()) != null) {
            return Outcome.none(event.jobId());
        }
        Trial best = job.bestTrial == null ? null : Trial.findById(new Trial.Key(job.id, job.bestTrial));
        var model = new Model();
        model.id = event.modelId();
        model.jobId = job.id;
        model.ownerId = job.ownerId;
        model.dataset = job.search.dataset();
        model.hyperparameters = CellColumns.of(event.cell());
        model.refitEpochs = event.refitEpochs();
        model.cvAccuracy = best == null ? null : best.meanAccuracy;
        model.holdout = event.holdout();
        model.features = event.features();
        model.positiveClass = event.positiveClass();
        model.negativeClass = event.negativeClass(); // null from older trainers, as is the scaler
        model.scaler = event.scaler();
        model.modelLocation = event.modelLocation();
        model.oobLocation = event.outOfBagLocation();
        model.device = event.device();
        model.workerId = event.workerId();
        model.wallSeconds = event.wallSeconds();
        if (TrainingJob.RETRAIN.equals(job.purpose)) {
            Model.update("isDefault = false where isDefault = true");
            Model.flush();
            model.isDefault = true;
            model.shared = true; // the default model is everyone's
        }
        model.persist();
        if (!job.finished()) {
            job.status = JobStatus.SUCCEEDED;
            job.finishedAt = OffsetDateTime.now();
        }
        job.modelId = model.id;
        models.forget();
        return new Outcome(job.id, true, false);
    }

    /**
     * Once no trial waits: every one succeeded → the best is refit; some failed → the job failed (retry re-runs them).
     */
    private Outcome afterTrial(TrainingJob job) {
        if (job.status == JobStatus.QUEUED) {
            job.status = JobStatus.RUNNING;
            job.startedAt = OffsetDateTime.now();
        }
        List<Trial> trials = Trial.list("jobId", job.id);
        if (trials.stream().anyMatch(trial -> !trial.finished())) {
            return new Outcome(job.id, true, false);
        }
        long failed = trials.stream().filter(trial -> trial.status == TrialStatus.FAILED).count();
        if (failed > 0) {
            fail(job, failed + " of " + trials.size() + " trials failed");
            return new Outcome(job.id, true, false);
        }
        Trial best = trials.stream().min(BEST_FIRST).orElseThrow();
        if (best.diverged) {
            fail(job, "every cell diverged (its loss became NaN or infinite): try lower learning rates");
            return new Outcome(job.id, true, false);
        }
        job.bestTrial = best.idx;
        job.refitEpochs = refitEpochs(best,
                job.search.earlyStoppingPatience() != null && job.search.earlyStoppingPatience() > 0);
        job.status = JobStatus.REFITTING;
        job.refitSentAt = null;
        job.error = null;
        job.finishedAt = null;
        return new Outcome(job.id, true, true);
    }

    /**
     * Cells that did not diverge first; then the highest mean CV accuracy; ties to the lower loss, then the earlier
     * cell.
     */
    public static final Comparator<Trial> BEST_FIRST = BestCell
            .<Trial>first(trial -> trial.diverged, trial -> trial.meanAccuracy,
                    trial -> trial.meanLoss)
            .thenComparing(trial -> trial.idx);

    static int refitEpochs(Trial trial, boolean earlyStopping) {
        return BestCell.refitEpochs(trial.hyperparameters.epochs, earlyStopping,
                trial.folds == null ? IntStream.empty() : trial.folds.stream().mapToInt(Fold::bestEpoch));
    }

    private static void fail(TrainingJob job, String reason) {
        job.status = JobStatus.FAILED;
        job.error = reason;
        job.finishedAt = OffsetDateTime.now();
    }

    private static TrainingJob job(String jobId) {
        TrainingJob job = jobId == null ? null : TrainingJob.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null && jobId != null) {
            LOG.debugf("event of unknown job %s ignored", jobId);
        }
        return job;
    }

    private static Trial trial(TrainingJob job, String trialId) {
        if (trialId == null || !trialId.startsWith(job.id + "/")) {
            return null;
        }
        try {
            return Trial.findById(new Trial.Key(job.id, Integer.parseInt(trialId.substring(job.id.length() + 1))));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
