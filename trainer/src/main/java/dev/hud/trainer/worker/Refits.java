package dev.hud.trainer.worker;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.Scaler;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.store.MediaUploader;
import dev.hud.trainer.store.ModelCard;
import dev.hud.trainer.store.ModelStore;

/**
 * A job's last step: the best cell trained on all training rows for the epochs the gateway chose, evaluated once on the
 * held-out rows, registered ({@link ModelStore}), its files uploaded to the cdn, and {@code training.model} published.
 * A redelivered refit whose model is stored already is uploaded and published again, not retrained.
 */
@ApplicationScoped
class Refits {

    private final EventPublisher events;
    private final ModelStore models;
    private final MediaUploader media;
    private final WorkerState state;

    Refits(EventPublisher events, ModelStore models, MediaUploader media, WorkerState state) {
        this.events = events;
        this.models = models;
        this.media = media;
        this.state = state;
    }

    void run(WorkPlan plan, BooleanSupplier cancelled) {
        TrainingWork work = plan.work();
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before it started");
        }
        if (!TrainingWork.REFIT.equals(work.kind())) {
            throw new InvalidWorkException("unknown kind " + work.kind());
        }
        Hyperparameters cell = plan.cells().get(0);
        int epochs = work.refitEpochs() == null ? cell.epochs() : work.refitEpochs();
        String modelId = work.jobId();
        var stored = models.card(modelId);
        ModelCard card;
        long start = System.nanoTime();
        if (stored.isPresent()) {
            card = stored.get();
        } else {
            var search = new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
            var refit = search.refit(cell, epochs, cancelled);
            var data = search.experiment().data();
            var scaler = search.experiment().full().scaler();
            card = new ModelCard(modelId, work.jobId(), work.search().dataset(), data.labelName(), data.featureNames(),
                    data.positiveClass(), data.negativeClass(), Conversions.cell(cell), refit.epochs(),
                    Conversions.metrics(refit.holdout()), state.device(), System.currentTimeMillis(),
                    new Scaler(search.experiment().full().features(), scaler.min().clone(), scaler.max().clone()));
            models.save(card, refit, search.experiment());
        }
        // Uploading again after a redelivery is harmless: the cdn stores content by hash.
        String model = media.enabled() ? media.upload(models.modelFile(modelId), "model")
                : models.modelFile(modelId).toString();
        String outOfBag = media.enabled() ? media.upload(models.outOfBagFile(modelId), "oob")
                : models.outOfBagFile(modelId).toString();
        EventPublisher.await(events.publish(ModelCompleted.ROUTING_KEY,
                new ModelCompleted(ModelCompleted.SCHEMA, work.jobId(), modelId,
                        card.cell(), card.refitEpochs(), card.holdout(), card.features(), card.positiveClass(), model,
                        outOfBag,
                        card.device(), state.workerId(), (System.nanoTime() - start) / 1e9, card.negativeClass(),
                        card.scaler())));
    }
}
