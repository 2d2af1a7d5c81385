package dev.hud.trainer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.store.TrialResultStore;

/**
 * The trials of a batch, of one job or several, cross-validated as one batched program ({@link
 * GridSearch#evaluateTogether}): each trial's result stored ({@link TrialResultStore}) then published, its learning
 * curves sent on the way ({@link ProgressBatcher}), and its message acknowledged once the broker confirmed its outcome.
 */
@ApplicationScoped
class CrossValidation {

    private final EventPublisher events;
    private final TrialResultStore trials;
    private final Cancellations cancellations;
    private final WorkerState state;
    private final long progressIntervalNanos;

    CrossValidation(EventPublisher events, TrialResultStore trials, Cancellations cancellations, WorkerState state,
            TrainerConfig config) {
        this.events = events;
        this.trials = trials;
        this.cancellations = cancellations;
        this.state = state;
        this.progressIntervalNanos = config.progressInterval().toNanos();
    }

    /**
     * Trials of one job in a batch: their ids, cells and deliveries (one per trial, acknowledged as its outcome is
     * confirmed), and the job's search, prepared only when a trial must be trained.
     */
    record JobTrials(TrainingWork work, List<String> trialIds, List<Hyperparameters> cells, List<Delivery> deliveries,
            Supplier<GridSearch> search) {
        String jobId() {
            return work.jobId();
        }

        static Supplier<GridSearch> prepared(WorkPlan plan) {
            return () -> new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
        }
    }

    /**
     * Publishes every trial's outcome as soon as it is known, computing only those not stored yet, those of all jobs in
     * one batch: its result, or its cancellation when its job was cancelled meanwhile (the other jobs train on).
     */
    void run(List<JobTrials> jobs, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        List<GridSearch.Share> shares = new ArrayList<>();
        List<List<Integer>> missingByShare = new ArrayList<>();
        List<JobTrials> jobOfShare = new ArrayList<>();
        try (var progress = new ProgressBatcher(events, progressIntervalNanos)) {
            for (JobTrials job : jobs) {
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < job.cells().size(); i++) {
                    var stored = trials.find(job.trialIds().get(i));
                    if (stored.isPresent()) {
                        outcome(job, i, replayed(stored.get()));
                    } else {
                        missing.add(i);
                    }
                }
                if (!missing.isEmpty() && cancellations.isCancelled(job.jobId())) {
                    missing.forEach(i -> outcome(job, i, null)); // its cancellation
                    continue;
                }
                if (missing.isEmpty()) {
                    continue;
                }
                shares.add(new GridSearch.Share(job.search().get(), missing.stream().map(job.cells()::get).toList(),
                        (cell, fold, metrics) -> {
                            if (!cancellations.isCancelled(job.jobId())) {
                                progress.add(new EpochProgress(EpochProgress.SCHEMA, job.jobId(),
                                        job.trialIds().get(missing.get(cell)), fold,
                                        metrics.epoch(), metrics.trainLoss(), metrics.trainAccuracy(),
                                        metrics.validationLoss(),
                                        metrics.validationAccuracy(), state.workerId()));
                            }
                        }));
                missingByShare.add(missing);
                jobOfShare.add(job);
            }
            if (!shares.isEmpty()) {
                long start = System.nanoTime();
                GridSearch.evaluateTogether(shares, (share, cell, result) -> {
                    JobTrials job = jobOfShare.get(share);
                    int i = missingByShare.get(share).get(cell);
                    var computed = Conversions.trialCompleted(job.jobId(), job.trialIds().get(i), result,
                            state.device(),
                            state.workerId(), (System.nanoTime() - start) / 1e9);
                    trials.save(computed);
                    progress.flush(); // a trial's points go out before its result
                    outcome(job, i, computed);
                }, cancelled);
            }
        }
    }

    /**
     * Publishes a trial's outcome and acknowledges its message: its result, or its cancellation if its job was
     * cancelled meanwhile ({@code result} may be null then).
     */
    private void outcome(JobTrials job, int trial, TrialCompleted result) {
        if (cancellations.isCancelled(job.jobId())) {
            reportCancelled(job.jobId(), job.trialIds().get(trial));
        } else {
            EventPublisher.await(events.publish(TrialCompleted.ROUTING_KEY, result));
        }
        job.deliveries().get(trial).done();
    }

    void reportCancelled(String jobId, String trialId) {
        EventPublisher.await(events.publish(WorkCancelled.ROUTING_KEY,
                new WorkCancelled(WorkCancelled.SCHEMA, jobId, trialId, state.workerId())));
    }

    private static TrialCompleted replayed(TrialCompleted stored) {
        return new TrialCompleted(stored.schema(), stored.jobId(), stored.trialId(), stored.cell(),
                stored.meanAccuracy(),
                stored.stdAccuracy(), stored.intervalLow(), stored.intervalHigh(), stored.meanLoss(), stored.diverged(),
                stored.folds(),
                stored.device(), stored.workerId(), stored.wallSeconds(), true);
    }
}
