package dev.hud.trainer.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.data.CsvDatasetReader;
import dev.hud.trainer.data.FeatureSelection;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.GridSpec;
import dev.hud.trainer.search.ResultFiles;
import dev.hud.trainer.search.SearchSettings;
import dev.hud.trainer.store.MediaUploader;
import dev.hud.trainer.store.ModelStore;

/**
 * Pays the training path's one-time costs before the first job does: loading ND4J's natives, the
 * JIT compiling the batched program's loop, DL4J building and writing a network, the service token
 * for uploads. A small search (the built-in data, 4 cells x 3 folds, a few epochs, early stopping, a
 * refit, its model written to a temporary folder) runs through the same code as a job. The trainer
 * reports not ready until it is done, and takes no work before.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);
    private static final GridSpec GRID = GridSpec.of(List.of(0.02, 0.03), List.of(0.4, 0.5), 5, 8);

    private final boolean enabled;
    private volatile boolean warm;
    private volatile double seconds;

    private final MediaUploader media;

    Warmup(TrainerConfig config, MediaUploader media) {
        this.enabled = config.warmUp();
        this.media = media;
    }

    /** Runs the warm-up once; called by the training loop before it takes work. */
    void run() {
        if (!enabled) {
            warm = true;
            return;
        }
        long start = System.nanoTime();
        var settings = new SearchSettings(3, 1, 0.2, new EarlyStopping(3, 0), FeatureSelection.ALL, NetworkSpec.DEFAULT, 1,
                SearchSettings.DEFAULT_PARALLELISM);
        var experiment = Experiment.prepare(CsvDatasetReader.wdbc(), settings);
        var search = new GridSearch(experiment, settings);
        for (int round = 0; round < 3; round++) {
            var trials = search.evaluate(GRID.cells(), GridSearch.Listener.NONE, () -> false);
            var refit = search.refit(trials.get(0), () -> false);
            writeModel(refit, experiment);
        }
        media.prepare();
        seconds = (System.nanoTime() - start) / 1e9;
        warm = true;
        LOG.infof("training path warmed up in %.1f s", seconds);
    }

    /** A first job's model is written as fast as later ones: DL4J's serializer and the out-of-bag file, to a folder then deleted. */
    private static void writeModel(GridSearch.Refit refit, Experiment experiment) {
        try {
            Path folder = Files.createTempDirectory("hud-warmup-");
            try {
                Dl4jModels.save(refit.network(), experiment.full().scaler(), folder.resolve(ResultFiles.MODEL));
                ResultFiles.writeOutOfBag(folder.resolve(ResultFiles.OUT_OF_BAG), experiment);
            } finally {
                ModelStore.delete(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean warm() {
        return warm;
    }

    double seconds() {
        return seconds;
    }

    /** Not ready until the training path is warm (and work is taken). */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {

        private final Warmup warmup;

        Check(Warmup warmup) {
            this.warmup = warmup;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("training warm-up").status(warmup.warm())
                    .withData("seconds", String.format("%.1f", warmup.seconds())).build();
        }
    }
}
