package dev.hud.gateway.models;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.SearchSpec;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.gateway.jobs.TrainingJob;
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
     * {@code negativeClass} and {@code scaler} (per feature, the [min, max] of the training rows its scaler maps to
     * [0, 1]) are null for models registered before trainers reported them.
     */
    public record ModelView(String id, String jobId, String owner, String dataset, Cell cell, int refitEpochs,
            Double cvAccuracy,
            TrainingEvents.Metrics holdout, List<String> features, String positiveClass, String negativeClass,
            TrainingEvents.Scaler scaler, String download,
            String outOfBag,
            String device, Double wallSeconds, boolean isDefault, boolean shared, OffsetDateTime createdAt,
            Training training) {

        /** Its owner's and admins'; everyone's when shared (the default model always is). */
        public boolean visibleTo(String username, boolean admin) {
            return admin || shared || isDefault || username != null && username.equals(owner);
        }
    }

    /**
     * How the job that made a model trained it (its search spec; null when that job is gone): the data set as people
     * name it (wdbc, an uploaded one's id; the model's {@code dataset} is the trainers' reference), the label column,
     * the network (units and dropout per hidden layer), the features (top K most relevant, those dropped) and the
     * evaluation (folds x repeats, the share of rows held out for the holdout metrics).
     */
    public record Training(String dataset, String label, List<Integer> hidden, List<Double> dropout, Integer topK,
            List<String> drop,
            int folds, int repeats, double holdoutFraction, Integer earlyStoppingPatience) {

        static Training of(TrainingJob job) {
            SearchSpec search = job.search;
            String dataset = job.request == null || job.request.dataset() == null ? search.dataset()
                    : job.request.dataset();
            // A job's spec names no label for the built-in data set: its label column is "diagnosis".
            return new Training(dataset, search.label() == null ? DEFAULT_LABEL : search.label(),
                    search.hidden() == null ? List.of() : IntStream.of(search.hidden()).boxed().toList(),
                    search.dropout() == null ? List.of() : DoubleStream.of(search.dropout()).boxed().toList(),
                    search.topK(), search.drop() == null ? List.of() : search.drop(), search.folds(),
                    search.repeats() == null ? 1 : search.repeats(), search.holdoutFraction(),
                    search.earlyStoppingPatience());
        }
    }

    /** The label column of a spec that names none ({@code SearchSpec.label}). */
    static final String DEFAULT_LABEL = "diagnosis";

    private final Cache cache;

    ModelViews(@CacheName("models") Cache cache) {
        this.cache = cache;
    }

    /** Every model, newest first. */
    @CacheResult(cacheName = "models")
    public List<ModelView> all() {
        var owners = new HashMap<Long, String>();
        User.<User>listAll().forEach(user -> owners.put(user.id, user.username));
        List<Model> models = Model.listAll(Sort.descending("createdAt"));
        var jobs = new HashMap<String, TrainingJob>();
        if (!models.isEmpty()) {
            TrainingJob.<TrainingJob>list("id in ?1", models.stream().map(model -> model.jobId).distinct().toList())
                    .forEach(job -> jobs.put(job.id, job));
        }
        return models.stream().map(model -> view(model, owners.get(model.ownerId), jobs.get(model.jobId)))
                .toList();
    }

    public void forget() {
        cache.invalidateAll().await().indefinitely();
    }

    static ModelView view(Model model, String owner, TrainingJob job) {
        return new ModelView(model.id, model.jobId, owner, model.dataset,
                model.hyperparameters.cell(), model.refitEpochs,
                model.cvAccuracy, model.holdout, model.features, model.positiveClass, model.negativeClass, model.scaler,
                mediaPath(model.modelLocation),
                mediaPath(model.oobLocation), model.device, model.wallSeconds, model.isDefault, model.shared,
                model.createdAt, job == null ? null : Training.of(job));
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
