package dev.hud.trainer.prediction;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.problem.ProblemException;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.store.ModelCard;
import dev.hud.trainer.store.ModelStore;
import io.quarkus.cache.CacheResult;

/** Models read from the store once and kept (a model file is never changed after it is registered). */
@ApplicationScoped
class LoadedModels {

    /** A model ready to predict; {@code network} is not safe for concurrent use, callers lock on it. */
    record Ready(ModelCard card, Dl4jModels.Loaded model) {
    }

    private final ModelStore store;

    LoadedModels(ModelStore store) {
        this.store = store;
    }

    @CacheResult(cacheName = "models")
    Ready get(String modelId) {
        ModelCard card = store.card(modelId).orElseThrow(() -> ProblemException.notFound("no model '" + modelId + "'"));
        try {
            return new Ready(card, Dl4jModels.load(store.modelFile(modelId)));
        } catch (IOException e) {
            throw new UncheckedIOException("model " + modelId + " cannot be read", e);
        }
    }
}
