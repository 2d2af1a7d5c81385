package dev.hud.trainer.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.EpochProgressBatch;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.ResultFiles;
import dev.hud.trainer.search.TrialResult;
import dev.hud.trainer.store.MediaUploader;
import dev.hud.trainer.store.ModelStore;

/**
 * Pays the training path's one-time costs before the first job does: loading ND4J's natives, the
 * JIT compiling the batched program's loop, reading and checking work messages, writing the events of
 * a job (Jackson writing thousands of doubles was a second of JIT on the first job), DL4J building and
 * writing a network, the service token for uploads. A small search (the built-in data, 4 trials of 3
 * folds and a few epochs with early stopping, as work messages of two jobs trained as one batch, then a
 * refit and its model written to a temporary folder) runs three times through the same code as a job,
 * its events encoded but not sent. The trainer reports not ready until it is done, and takes no work before.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);
    private static final int ROUNDS = 3;

    private final boolean enabled;
    private volatile boolean warm;
    private volatile boolean succeeded;
    private volatile double seconds;

    private final MediaUploader media;
    private final WorkValidator validator;
    private final ObjectMapper json;

    Warmup(TrainerConfig config, MediaUploader media, WorkValidator validator, ObjectMapper json) {
        this.enabled = config.warmUp();
        this.media = media;
        this.validator = validator;
        this.json = json;
    }

    /** Runs the warm-up once; called by the training loop before it takes work. */
    void run() {
        if (!enabled) {
            warm = true;
            return;
        }
        long start = System.nanoTime();
        try {
            warmUp();
            media.prepare();
            succeeded = true;
            LOG.infof("training path warmed up in %.1f s", (System.nanoTime() - start) / 1e9);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "the warm-up failed; training goes on cold");
        } finally {
            seconds = (System.nanoTime() - start) / 1e9;
            warm = true;
        }
    }

    private void warmUp() throws IOException {
        for (int round = 0; round < ROUNDS; round++) {
            List<WorkPlan> plans = new ArrayList<>();
            for (int trial = 0; trial < 4; trial++) {
                plans.add(validator
                        .validate(json.readValue(workMessage("warm-up-" + trial / 2, trial), TrainingWork.class)));
            }
            List<GridSearch.Share> shares = new ArrayList<>();
            List<EpochProgress> points = new ArrayList<>();
            for (WorkPlan plan : plans) {
                var search = new GridSearch(Experiment.prepare(plan.dataset(), plan.settings()), plan.settings());
                shares.add(new GridSearch.Share(search, plan.cells(),
                        (cell, fold, metrics) -> points.add(new EpochProgress(
                                EpochProgress.SCHEMA, plan.work().jobId(), plan.work().trialId(), fold, metrics.epoch(),
                                metrics.trainLoss(),
                                metrics.trainAccuracy(), metrics.validationLoss(), metrics.validationAccuracy(),
                                "warm-up"))));
            }
            List<TrialResult> results = new ArrayList<>();
            GridSearch.evaluateTogether(shares, (share, cell, result) -> {
                WorkPlan plan = plans.get(share);
                encode(new EpochProgressBatch(EpochProgressBatch.SCHEMA, List.copyOf(points)));
                encode(Conversions.trialCompleted(plan.work().jobId(), plan.work().trialId(), result, "cpu", "warm-up",
                        0));
                results.add(result);
            }, () -> false);
            var refit = shares.get(0).search().refit(results.get(0), () -> false);
            writeModel(refit, shares.get(0).search().experiment());
        }
    }

    /**
     * A trial of the built-in data as the gateway sends it: 3 folds, 8 epochs, early stopping; the default network or
     * the seed's.
     */
    private static String workMessage(String jobId, int trial) {
        String network = trial < 2 ? "\"hidden\":[16,16],\"dropout\":[0.1,0.1]"
                : "\"hidden\":[64,32],\"dropout\":[0.2,0.1]";
        return """
                {"schema":"%s","jobId":"%s","kind":"trial","trialId":"%s/%d","jobTrials":2,
                 "cells":[{"learningRate":%s,"momentum":0.4,"batchSize":5,"epochs":8,"optimizer":"sgd"}],
                 "search":{"dataset":"wdbc","folds":3,"repeats":1,"holdoutFraction":0.2,"seed":1,
                 "earlyStoppingPatience":3,
                           %s}}"""
                .formatted(TrainingWork.SCHEMA, jobId, jobId, trial, 0.02 + 0.01 * trial, network);
    }

    private void encode(Object event) {
        try {
            json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A first job's model is written as fast as later ones: DL4J's serializer and the out-of-bag file, to a folder then
     * deleted.
     */
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

    boolean succeeded() {
        return succeeded;
    }

    double seconds() {
        return seconds;
    }

    /** Not ready until the training path is warm (or its warm-up failed: then the first job pays, as without one). */
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
                    .withData("seconds", String.format("%.1f", warmup.seconds()))
                    .withData("succeeded", warmup.succeeded()).build();
        }
    }
}
