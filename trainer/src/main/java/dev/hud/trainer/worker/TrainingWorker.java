package dev.hud.trainer.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Payloads;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.TrialResult;
import dev.hud.trainer.store.ModelCard;
import dev.hud.trainer.store.MediaUploader;
import dev.hud.trainer.store.ModelStore;
import dev.hud.trainer.store.TrialResultStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;

/**
 * Takes training work from the device's durable queue, one message at a time (prefetch 1), and
 * acknowledges it only after its outcome is confirmed by the broker: a worker killed mid-work
 * loses nothing, the broker delivers the message again. A redelivered trial whose result is
 * already stored is published again, not recomputed. A message that can never be done is
 * dead-lettered with its reason, never retried.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final ObjectMapper json;
    private final WorkValidator validator;
    private final EventPublisher events;
    private final TrialResultStore trials;
    private final ModelStore models;
    private final Cancellations cancellations;
    private final WorkerState state;
    private final MediaUploader media;

    TrainingWorker(ObjectMapper json, WorkValidator validator, EventPublisher events, TrialResultStore trials, ModelStore models,
            Cancellations cancellations, WorkerState state, MediaUploader media) {
        this.media = media;
        this.json = json;
        this.validator = validator;
        this.events = events;
        this.trials = trials;
        this.models = models;
        this.cancellations = cancellations;
        this.state = state;
    }

    @Incoming("training-work")
    @Blocking(value = "training", ordered = false)
    public CompletionStage<Void> onWork(Message<?> message) {
        byte[] body = Payloads.bytes(message.getPayload());
        boolean redelivered = message.getMetadata(IncomingRabbitMQMetadata.class).map(IncomingRabbitMQMetadata::isRedeliver).orElse(false);
        try {
            handle(body, redelivered);
            return message.ack();
        } catch (BrokerUnavailableException | MediaUploader.UploadFailed e) {
            // Not the message's fault: give it back (failure-strategy=requeue); the queue's delivery limit bounds retries.
            LOG.warnf("the work goes back to the queue: %s", e.getMessage());
            return message.nack(e);
        }
    }

    private void handle(byte[] body, boolean redelivered) {
        TrainingWork work = null;
        try {
            work = json.readValue(body, TrainingWork.class);
            WorkPlan plan = validator.validate(work);
            state.working(work.jobId(), work.trialId());
            LOG.infof("%s %s of job %s (%d cells)%s", work.kind(), work.trialId() == null ? "" : work.trialId(), work.jobId(),
                    plan.cells().size(), redelivered ? ", redelivered" : "");
            run(plan);
            state.countCompleted();
        } catch (IOException | InvalidWorkException e) {
            String reason = e instanceof JsonProcessingException parse ? "malformed JSON: " + parse.getOriginalMessage()
                    : e instanceof IOException ? "unreadable message: " + e.getMessage() : e.getMessage();
            refuse(body, work, reason);
        } catch (CancellationException e) {
            LOG.infof("job %s cancelled: %s", work.jobId(), e.getMessage());
            await(events.publish(WorkCancelled.ROUTING_KEY,
                    new WorkCancelled(WorkCancelled.SCHEMA, work.jobId(), work.trialId(), state.workerId())));
        } catch (BrokerUnavailableException | MediaUploader.UploadFailed e) {
            throw e;
        } catch (RuntimeException e) {
            // A fault of ours, not of the message: report it, park the message with the reason, go on.
            LOG.errorf(e, "work of job %s failed", work == null ? "?" : work.jobId());
            refuse(body, work, "training failed: " + e);
        } finally {
            state.idle();
        }
    }

    private void run(WorkPlan plan) {
        TrainingWork work = plan.work();
        BooleanSupplier cancelled = () -> cancellations.isCancelled(work.jobId());
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        var search = new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
        switch (work.kind()) {
            case TrainingWork.TRIAL -> crossValidate(search, work, List.of(work.trialId()), plan.cells(), cancelled);
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
            List<TrialResult> computed = search.evaluate(toRun, (cell, fold, metrics) -> events.publishQuietly(EpochProgress.ROUTING_KEY,
                    new EpochProgress(EpochProgress.SCHEMA, work.jobId(), trialIds.get(missing.get(cell)), fold, metrics.epoch(),
                            metrics.trainLoss(), metrics.trainAccuracy(), metrics.validationLoss(), metrics.validationAccuracy(),
                            state.workerId())),
                    cancelled);
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
            confirmed.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new BrokerUnavailableException("the broker did not confirm: " + e);
        }
    }

    /** The broker did not confirm a publication: the work must come back, not be acknowledged. */
    static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(String message) {
            super(message);
        }
    }
}
