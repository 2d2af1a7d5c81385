package dev.hud.trainer.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.TrialResult;
import dev.hud.trainer.store.MediaUploader;
import dev.hud.trainer.store.ModelCard;
import dev.hud.trainer.store.ModelStore;
import dev.hud.trainer.store.TrialResultStore;

/**
 * Does the work that was delivered together: the trials of one job as one batched program (all its
 * cells x folds x repeats side by side), grids and refits one by one. A redelivered trial whose
 * result is already stored is published again, not recomputed. A message that can never be done is
 * dead-lettered with its reason, never retried. Every delivery ends done (acknowledge) or given back
 * (return to the queue).
 */
@ApplicationScoped
class WorkRunner {

    private static final Logger LOG = Logger.getLogger(WorkRunner.class);

    /** Work that passed validation, with the delivery it came in. */
    private record Planned(Delivery delivery, WorkPlan plan) {
        TrainingWork work() {
            return plan.work();
        }
    }

    private final ObjectMapper json;
    private final WorkValidator validator;
    private final EventPublisher events;
    private final TrialResultStore trials;
    private final ModelStore models;
    private final Cancellations cancellations;
    private final WorkerState state;
    private final MediaUploader media;
    private final int maxFits;
    private final long progressIntervalNanos;

    WorkRunner(ObjectMapper json, WorkValidator validator, EventPublisher events, TrialResultStore trials, ModelStore models,
            Cancellations cancellations, WorkerState state, MediaUploader media, TrainerConfig config) {
        this.json = json;
        this.validator = validator;
        this.events = events;
        this.trials = trials;
        this.models = models;
        this.cancellations = cancellations;
        this.state = state;
        this.media = media;
        this.maxFits = config.batch().maxFits();
        this.progressIntervalNanos = config.progressInterval().toNanos();
    }

    /** Runs every delivery of a batch; {@code stopping} tells a cancellation by shutdown from one by the gateway. */
    void run(List<Delivery> deliveries, BooleanSupplier stopping) {
        List<Planned> trials = new ArrayList<>();
        List<Planned> others = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            Planned planned = plan(delivery);
            if (planned != null) {
                (TrainingWork.TRIAL.equals(planned.work().kind()) ? trials : others).add(planned);
            }
        }
        for (List<Planned> chunk : chunks(trials)) {
            runTrials(chunk, stopping);
        }
        others.forEach(planned -> runAlone(planned, stopping));
    }

    /** The checked work, or null when it was refused (dead-lettered with its reason: the delivery is then done). */
    private Planned plan(Delivery delivery) {
        TrainingWork work = null;
        try {
            work = json.readValue(delivery.body(), TrainingWork.class);
            return new Planned(delivery, validator.validate(work));
        } catch (IOException | InvalidWorkException e) {
            String reason = e instanceof JsonProcessingException parse ? "malformed JSON: " + parse.getOriginalMessage()
                    : e instanceof IOException ? "unreadable message: " + e.getMessage() : e.getMessage();
            report(List.of(delivery), () -> refuse(delivery.body(), null, reason));
        } catch (RuntimeException e) {
            TrainingWork read = work;
            report(List.of(delivery), () -> refuse(delivery.body(), read, "unreadable work: " + e));
        }
        return null;
    }

    /** Trials of one job: they share one prepared experiment (same data, features, folds and network). */
    private String sameSearch(TrainingWork work) {
        try {
            return work.jobId() + " " + json.writeValueAsString(work.search());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max-fits} fits (cells x folds x repeats, of any jobs) in one program: the memory bound. */
    private List<List<Planned>> chunks(List<Planned> trials) {
        List<List<Planned>> chunks = new ArrayList<>();
        List<Planned> chunk = new ArrayList<>();
        int fits = 0;
        for (Planned trial : trials) {
            int fitsOfTrial = trial.plan().settings().folds() * trial.plan().settings().repeats();
            if (!chunk.isEmpty() && fits + fitsOfTrial > maxFits) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                fits = 0;
            }
            chunk.add(trial);
            fits += fitsOfTrial;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * Trials of one or more jobs as one batched program. A job cancelled meanwhile gets its trials reported cancelled and its
     * progress no longer sent while the others train on; the batch stops only when all its jobs are cancelled.
     */
    private void runTrials(List<Planned> batch, BooleanSupplier stopping) {
        Map<String, List<Planned>> byJob = new LinkedHashMap<>();
        batch.forEach(planned -> byJob.computeIfAbsent(sameSearch(planned.work()), key -> new ArrayList<>()).add(planned));
        List<String> trialIds = batch.stream().map(planned -> planned.work().trialId()).toList();
        Set<String> jobIds = new LinkedHashSet<>();
        batch.forEach(planned -> jobIds.add(planned.work().jobId()));
        LOG.infof("%d trial(s) of %d job(s) %s in one batch%s", batch.size(), jobIds.size(), jobIds,
                batch.stream().anyMatch(planned -> planned.delivery().redelivered()) ? ", some redelivered" : "");
        state.working(trialIds);
        try {
            BooleanSupplier cancelled = () -> stopping.getAsBoolean() || jobIds.stream().allMatch(cancellations::isCancelled);
            finish(batch, stopping, () -> {
                List<JobTrials> jobs = byJob.values().stream().map(planned -> new JobTrials(planned.get(0).work(),
                        planned.stream().map(one -> one.work().trialId()).toList(),
                        planned.stream().map(one -> one.plan().cells().get(0)).toList(),
                        planned.stream().map(Planned::delivery).toList(), JobTrials.prepared(planned.get(0).plan()))).toList();
                crossValidate(jobs, cancelled);
                trialIds.forEach(id -> state.countCompleted());
            });
        } finally {
            state.idle();
        }
    }

    private void runAlone(Planned planned, BooleanSupplier stopping) {
        TrainingWork work = planned.work();
        LOG.infof("%s of job %s (%d cells)%s", work.kind(), work.jobId(), planned.plan().cells().size(),
                planned.delivery().redelivered() ? ", redelivered" : "");
        state.working(work.jobId(), work.trialId());
        try {
            BooleanSupplier cancelled = () -> stopping.getAsBoolean() || cancellations.isCancelled(work.jobId());
            finish(List.of(planned), stopping, () -> {
                run(planned.plan(), cancelled);
                state.countCompleted();
            });
        } finally {
            state.idle();
        }
    }

    /**
     * Runs {@code task} for this work and ends each delivery the task has not ended: done after the task's outcomes are
     * confirmed; a cancellation by the gateway reported per trial; given back when the broker or the cdn failed, or the trainer stops; a fault of ours reported
     * and dead-lettered.
     */
    private void finish(List<Planned> work, BooleanSupplier stopping, Runnable task) {
        List<Delivery> deliveries = work.stream().map(Planned::delivery).toList();
        Set<String> jobIds = new LinkedHashSet<>();
        work.forEach(planned -> jobIds.add(planned.work().jobId()));
        try {
            task.run();
            deliveries.forEach(Delivery::done);
        } catch (CancellationException e) {
            if (stopping.getAsBoolean()) {
                deliveries.forEach(Delivery::giveBackAsTheTrainerStops);
                return;
            }
            LOG.infof("job(s) %s cancelled: %s", jobIds, e.getMessage());
            for (Planned planned : work.stream().filter(planned -> !planned.delivery().outcome().isDone()).toList()) {
                report(List.of(planned.delivery()), () -> reportCancelled(planned.work().jobId(), planned.work().trialId()));
            }
        } catch (BrokerUnavailableException | MediaUploader.UploadFailed e) {
            deliveries.forEach(delivery -> delivery.giveBack(e));
        } catch (RuntimeException e) {
            // A fault of ours, not of the message: report it, park each message with the reason, go on.
            LOG.errorf(e, "work of job(s) %s failed", jobIds);
            for (Planned planned : work.stream().filter(planned -> !planned.delivery().outcome().isDone()).toList()) {
                report(List.of(planned.delivery()), () -> refuse(planned.delivery().body(), planned.work(), "training failed: " + e));
            }
        }
    }

    /** Reports for deliveries: done once confirmed, given back if the broker does not confirm. */
    private static void report(List<Delivery> deliveries, Runnable report) {
        try {
            report.run();
            deliveries.forEach(Delivery::done);
        } catch (BrokerUnavailableException e) {
            deliveries.forEach(delivery -> delivery.giveBack(e));
        }
    }

    private void run(WorkPlan plan, BooleanSupplier cancelled) {
        TrainingWork work = plan.work();
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        var search = new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
        switch (work.kind()) {
            case TrainingWork.GRID -> {
                List<String> ids = new ArrayList<>();
                for (int cell = 0; cell < plan.cells().size(); cell++) {
                    ids.add(work.jobId() + "/" + cell);
                }
                List<TrialCompleted> results = crossValidate(List.of(new JobTrials(work, ids, plan.cells(), List.of(), () -> search)), cancelled).get(0);
                if (results == null) {
                    throw new CancellationException("cancelled while its cells trained");
                }
                TrialCompleted best = results.stream().min(Comparator.comparing(TrialCompleted::diverged)
                        .thenComparing(Comparator.comparingDouble(TrialCompleted::meanAccuracy).reversed())
                        .thenComparing(TrialCompleted::meanLoss, Comparator.nullsLast(Comparator.naturalOrder()))).orElseThrow();
                Hyperparameters cell = Conversions.hyperparameters(best.cell());
                int epochs = TrialResult.refitEpochs(cell.epochs(), plan.settings().earlyStopping() != null,
                        best.folds().stream().mapToInt(TrainingEvents.Fold::bestEpoch));
                refit(search, plan, cell, epochs, cancelled);
            }
            case TrainingWork.REFIT -> {
                Hyperparameters cell = plan.cells().get(0);
                refit(search, plan, cell, work.refitEpochs() == null ? cell.epochs() : work.refitEpochs(), cancelled);
            }
            default -> throw new InvalidWorkException("unknown kind " + work.kind());
        }
    }

    /**
     * Trials of one job in a batch: their ids, cells and deliveries (one per trial, acknowledged as its outcome is confirmed;
     * none for a grid's cells, which share their message), and the job's search, prepared only when a trial must be trained.
     */
    private record JobTrials(TrainingWork work, List<String> trialIds, List<Hyperparameters> cells, List<Delivery> deliveries,
            Supplier<GridSearch> search) {
        String jobId() {
            return work.jobId();
        }

        static Supplier<GridSearch> prepared(WorkPlan plan) {
            return () -> new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
        }
    }

    /**
     * Publishes every trial's outcome as soon as it is known, computing only those not stored yet, those of all jobs in one
     * batch: its result, or its cancellation when its job was cancelled meanwhile (the other jobs train on). Results per job
     * (null for a job cancelled before all its trials were done).
     */
    private List<List<TrialCompleted>> crossValidate(List<JobTrials> jobs, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        List<TrialCompleted[]> results = new ArrayList<>();
        List<GridSearch.Share> shares = new ArrayList<>();
        List<List<Integer>> missingByShare = new ArrayList<>();
        List<JobTrials> jobOfShare = new ArrayList<>();
        try (var progress = new ProgressBatcher(events, progressIntervalNanos)) {
            for (JobTrials job : jobs) {
                TrialCompleted[] ofJob = new TrialCompleted[job.cells().size()];
                results.add(ofJob);
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < ofJob.length; i++) {
                    var stored = trials.find(job.trialIds().get(i));
                    if (stored.isPresent()) {
                        ofJob[i] = outcome(job, i, replayed(stored.get()));
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
                shares.add(new GridSearch.Share(job.search().get(), missing.stream().map(job.cells()::get).toList(), (cell, fold, metrics) -> {
                    if (!cancellations.isCancelled(job.jobId())) {
                        progress.add(new EpochProgress(EpochProgress.SCHEMA, job.jobId(), job.trialIds().get(missing.get(cell)), fold,
                                metrics.epoch(), metrics.trainLoss(), metrics.trainAccuracy(), metrics.validationLoss(),
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
                    var computed = Conversions.trialCompleted(job.jobId(), job.trialIds().get(i), result, state.device(),
                            state.workerId(), (System.nanoTime() - start) / 1e9);
                    trials.save(computed);
                    progress.flush(); // a trial's points go out before its result
                    results.get(jobs.indexOf(job))[i] = outcome(job, i, computed);
                }, cancelled);
            }
        }
        return results.stream().map(ofJob -> Arrays.stream(ofJob).anyMatch(Objects::isNull) ? null : List.of(ofJob)).toList();
    }

    /**
     * Publishes a trial's outcome and acknowledges its message: its result, or its cancellation if its job was cancelled
     * meanwhile (then null: there is no result; {@code result} may be null then).
     */
    private TrialCompleted outcome(JobTrials job, int trial, TrialCompleted result) {
        if (cancellations.isCancelled(job.jobId())) {
            reportCancelled(job.jobId(), job.trialIds().get(trial));
            result = null;
        } else {
            await(events.publish(TrialCompleted.ROUTING_KEY, result));
        }
        if (!job.deliveries().isEmpty()) {
            job.deliveries().get(trial).done();
        }
        return result;
    }

    private void reportCancelled(String jobId, String trialId) {
        await(events.publish(WorkCancelled.ROUTING_KEY, new WorkCancelled(WorkCancelled.SCHEMA, jobId, trialId, state.workerId())));
    }

    private void refit(GridSearch search, WorkPlan plan, Hyperparameters cell, int epochs, BooleanSupplier cancelled) {
        String modelId = plan.work().jobId();
        var stored = models.card(modelId);
        ModelCard card;
        long start = System.nanoTime();
        if (stored.isPresent()) {
            card = stored.get();
        } else {
            var refit = search.refit(cell, epochs, cancelled);
            var data = search.experiment().data();
            card = new ModelCard(modelId, plan.work().jobId(), plan.work().search().dataset(), data.labelName(), data.featureNames(),
                    data.positiveClass(), data.negativeClass(), Conversions.cell(cell), refit.epochs(),
                    Conversions.metrics(refit.holdout()), state.device(), System.currentTimeMillis());
            models.save(card, refit, search.experiment());
        }
        // Uploading again after a redelivery is harmless: the cdn stores content by hash.
        String model = media.enabled() ? media.upload(models.modelFile(modelId), "model") : models.modelFile(modelId).toString();
        String outOfBag = media.enabled() ? media.upload(models.outOfBagFile(modelId), "oob") : models.outOfBagFile(modelId).toString();
        await(events.publish(ModelCompleted.ROUTING_KEY, new ModelCompleted(ModelCompleted.SCHEMA, plan.work().jobId(), modelId,
                card.cell(), card.refitEpochs(), card.holdout(), card.features(), card.positiveClass(), model, outOfBag,
                card.device(), state.workerId(), (System.nanoTime() - start) / 1e9)));
    }

    private void refuse(byte[] body, TrainingWork work, String reason) {
        LOG.warnf("dead-lettering work: %s", reason);
        state.countFailed();
        String jobId = work == null ? null : work.jobId();
        String trialId = work == null ? null : work.trialId();
        await(events.deadLetter(body, reason, state.workerId()));
        await(events.publish(WorkFailed.ROUTING_KEY, new WorkFailed(WorkFailed.SCHEMA, jobId, trialId, reason, state.workerId())));
    }

    private static TrialCompleted replayed(TrialCompleted stored) {
        return new TrialCompleted(stored.schema(), stored.jobId(), stored.trialId(), stored.cell(), stored.meanAccuracy(),
                stored.stdAccuracy(), stored.intervalLow(), stored.intervalHigh(), stored.meanLoss(), stored.diverged(), stored.folds(),
                stored.device(), stored.workerId(), stored.wallSeconds(), true);
    }

    /** Waits for the broker's confirmation; if it never comes, the message is not acknowledged and comes back. */
    private static void await(CompletionStage<Void> confirmed) {
        try {
            confirmed.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker");
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailableException("the broker did not confirm: " + e);
        }
    }

    /** The broker did not confirm a publication (or the trainer stops): the work must come back, not be acknowledged. */
    static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(String message) {
            super(message);
        }
    }
}
