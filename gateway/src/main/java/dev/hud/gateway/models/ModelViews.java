package dev.hud.gateway.models;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.gateway.users.User;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.panache.common.Sort;

/** Registered models as the API shows them; the list is cached and dropped whenever a model is registered. */
@ApplicationScoped
public class ModelViews {

    /**
     * A registered model. {@code download} and {@code outOfBag} are cdn paths ({@code /media/<sha256>})
     * when the trainers upload to the cdn, null when the files stayed on the trainers' volume.
     */
    public record ModelView(String id, String jobId, String owner, String dataset, Cell cell, int refitEpochs,
            Double cvAccuracy,
            TrainingEvents.Metrics holdout, List<String> features, String positiveClass, String download,
            String outOfBag,
            String device, Double wallSeconds, boolean isDefault, boolean shared, OffsetDateTime createdAt) {

        /** Its owner's and admins'; everyone's when shared (the default model always is). */
        public boolean visibleTo(String username, boolean admin) {
            return admin || shared || isDefault || username != null && username.equals(owner);
        }
    }

    private final Cache cache;

    ModelViews(@CacheName("models") Cache cache) {
        this.cache = cache;
    }

    /** Every model, newest first. */
    @CacheResult(cacheName = "models")
    public List<ModelView> all() {
        var owners = new HashMap<Long, String>();
        User.<User>listAll().forEach(user -> owners.put(user.id, user.username));
        return Model.<Model>listAll(Sort.descending("createdAt")).stream()
                .map(model -> view(model, owners.get(model.ownerId))).toList();
    }

    public void forget() {
        cache.invalidateAll().await().indefinitely();
    }

    static ModelView view(Model model, String owner) {
        return new ModelView(model.id, model.jobId, owner, model.dataset,
                model.hyperparameters.cell(), model.refitEpochs,
                model.cvAccuracy, model.holdout, model.features, model.positiveClass, mediaPath(model.modelLocation),
                mediaPath(model.oobLocation), model.device, model.wallSeconds, model.isDefault, model.shared,
                model.createdAt);
    }

    /**
     * The path of a cdn URL ({@code http://cdn:8083/media/ab..} → {@code /media/ab..}), served on the app's own origin.
     */
    static String mediaPath(String location) {
        if (location == null || !(location.startsWith("http://") || location.startsWith("https://"))) {
            return null;
        }
        String path = URI.create(location).getPath();
        return path != null && path.startsWith("/media/") ? path : null;
    }
}
