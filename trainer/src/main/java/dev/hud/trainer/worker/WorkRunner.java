package dev.hud.trainer.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

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
        Map<String, List<Planned>> trialsByJob = new LinkedHashMap<>();
        List<Planned> others = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            Planned planned = plan(delivery);
            if (planned == null) {
                continue;
            }
            if (TrainingWork.TRIAL.equals(planned.work().kind())) {
                trialsByJob.computeIfAbsent(sameSearch(planned.work()), key -> new ArrayList<>()).add(planned);
            } else {
                others.add(planned);
            }
        }
        trialsByJob.values().forEach(group -> {
            for (List<Planned> chunk : chunks(group)) {
                runTrials(chunk, stopping);
            }
        });
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

    /** Trials that can share one batched program: of one job (same data, folds and network). */
    private String sameSearch(TrainingWork work) {
        try {
            return work.jobId() + " " + json.writeValueAsString(work.search());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max-fits} fits (cells x folds x repeats) in one program: the memory bound. */
    private List<List<Planned>> chunks(List<Planned> group) {
        var settings = group.get(0).plan().settings();
        int fitsPerTrial = settings.folds() * settings.repeats();
        int perChunk = Math.max(1, maxFits / fitsPerTrial);
        List<List<Planned>> chunks = new ArrayList<>();
        for (int start = 0; start < group.size(); start += perChunk) {
            chunks.add(group.subList(start, Math.min(group.size(), start + perChunk)));
        }
        return chunks;
    }

    private void runTrials(List<Planned> batch, BooleanSupplier stopping) {
        TrainingWork first = batch.get(0).work();
        List<String> trialIds = batch.stream().map(planned -> planned.work().trialId()).toList();
        List<Hyperparameters> cells = batch.stream().map(planned -> planned.plan().cells().get(0)).toList();
        List<Delivery> deliveries = batch.stream().map(Planned::delivery).toList();
        LOG.infof("%d trial(s) of job %s in one batch%s", batch.size(), first.jobId(),
                batch.stream().anyMatch(planned -> planned.delivery().redelivered()) ? ", some redelivered" : "");
        state.working(trialIds);
        try {
            BooleanSupplier cancelled = () -> stopping.getAsBoolean() || cancellations.isCancelled(first.jobId());
            finish(deliveries, stopping, first, trialIds, () -> {
                var search = new GridSearch(Experiment.prepare(batch.get(0).plan().dataset(), batch.get(0).plan().settings()),
                        batch.get(0).plan().settings());
                crossValidate(search, first, trialIds, cells, cancelled);
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
            finish(List.of(planned.delivery()), stopping, work, Collections.singletonList(work.trialId()), () -> {
                run(planned.plan(), cancelled);
                state.countCompleted();
            });
        } finally {
            state.idle();
        }
    }

    /**
     * Runs {@code task} for these deliveries and ends each: done after the task's outcomes are confirmed; a cancellation by the
     * gateway reported per trial; given back when the broker or the cdn failed, or the trainer stops; a fault of ours reported
     * and dead-lettered.
     */
    private void finish(List<Delivery> deliveries, BooleanSupplier stopping, TrainingWork work, List<String> trialIds, Runnable task) {
        try {
            task.run();
            deliveries.forEach(Delivery::done);
        } catch (CancellationException e) {
            if (stopping.getAsBoolean()) {
                deliveries.forEach(Delivery::giveBackAsTheTrainerStops);
                return;
            }
            LOG.infof("job %s cancelled: %s", work.jobId(), e.getMessage());
            report(deliveries, () -> trialIds.forEach(trialId -> await(events.publish(WorkCancelled.ROUTING_KEY,
                    new WorkCancelled(WorkCancelled.SCHEMA, work.jobId(), trialId, state.workerId())))));
        } catch (BrokerUnavailableException | MediaUploader.UploadFailed e) {
            deliveries.forEach(delivery -> delivery.giveBack(e));
        } catch (RuntimeException e) {
            // A fault of ours, not of the message: report it, park each message with the reason, go on.
            LOG.errorf(e, "work of job %s failed", work.jobId());
            for (Delivery delivery : deliveries) {
                report(List.of(delivery), () -> refuse(delivery.body(), work, "training failed: " + e));
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
                List<TrialCompleted> results = crossValidate(search, work, ids, plan.cells(), cancelled);
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

    /** Publishes every trial's result, computing only those not stored yet, all of them in one batch. */
    private List<TrialCompleted> crossValidate(GridSearch search, TrainingWork work, List<String> trialIds,
            List<Hyperparameters> cells, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        TrialCompleted[] results = new TrialCompleted[cells.size()];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            var stored = trials.find(trialIds.get(i));
            if (stored.isPresent()) {
                results[i] = replayed(stored.get());
            } else {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            long start = System.nanoTime();
            List<Hyperparameters> toRun = missing.stream().map(cells::get).toList();
            List<TrialResult> computed;
            try (var progress = new ProgressBatcher(events, progressIntervalNanos)) {
                computed = search.evaluate(toRun, (cell, fold, metrics) -> progress.add(new EpochProgress(EpochProgress.SCHEMA,
                        work.jobId(), trialIds.get(missing.get(cell)), fold, metrics.epoch(), metrics.trainLoss(), metrics.trainAccuracy(),
                        metrics.validationLoss(), metrics.validationAccuracy(), state.workerId())), cancelled);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            for (int k = 0; k < missing.size(); k++) {
                int i = missing.get(k);
                results[i] = Conversions.trialCompleted(work.jobId(), trialIds.get(i), computed.get(k), state.device(), state.workerId(), wall);
                trials.save(results[i]);
            }
        }
        for (TrialCompleted result : results) {
            await(events.publish(TrialCompleted.ROUTING_KEY, result));
        }
        return List.of(results);
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
