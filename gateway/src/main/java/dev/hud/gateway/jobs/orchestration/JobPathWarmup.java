package dev.hud.gateway.jobs.orchestration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.EpochProgressBatch;
import dev.hud.common.messages.TrainingEvents.Fold;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.JobsConfig;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.api.JobRequest;
import dev.hud.gateway.jobs.api.JobRequestValidator;
import dev.hud.gateway.jobs.api.JobViews;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the job path once before the first job does, as the trainers' warm-up does theirs: the first job after a start
 * cost the gateway 2.3 s of JIT and class loading (JFR) against 0.6 s for later ones, on the cores the trainer trains
 * on — Jackson reading thousands of doubles, Hibernate building each query's plan, the job's views. A job of nine
 * trials is checked, stored, given every trial's result (read from JSON as the trainers send it) and shown as the API
 * shows it, in one transaction that is then rolled back: nothing is kept, nothing is sent. Readiness waits for it.
 */
@ApplicationScoped
class JobPathWarmup {

    private static final Logger LOG = Logger.getLogger(JobPathWarmup.class);
    private static final int ROUNDS = 3;
    private static final String REQUEST = """
            {"name":"warm-up","grid":{"learningRate":[0.018,0.024,0.03],"momentum":[0.39,0.41,0.43]},"folds":5,
            "epochs":55,
             "batchSize":5,"earlyStopping":{"patience":5}}""";

    private final boolean enabled;
    private final ObjectMapper json;
    private final JobRequestValidator validator;
    private final ResultApplier results;
    private final JobViews views;
    private volatile boolean done;
    private volatile boolean succeeded;

    JobPathWarmup(JobsConfig config, ObjectMapper json, JobRequestValidator validator, ResultApplier results,
            JobViews views) {
        this.enabled = config.warmUp();
        this.json = json;
        this.validator = validator;
        this.results = results;
        this.views = views;
    }

    /** After the migration and the first admin: the warm-up's job needs the tables and an owner. */
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        if (!enabled) {
            done = true;
            return;
        }
        var thread = new Thread(this::run, "hud-job-path-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    void run() {
        long start = System.nanoTime();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                // 39 of the 40 characters an id may have
                String jobId = "warmup-" + UUID.randomUUID().toString().replace("-", "");
                try {
                    QuarkusTransaction.requiringNew().call(() -> aJob(jobId));
                } catch (NothingKept expected) {
                    // rolled back, as meant
                }
                views.forget(jobId);
            }
            succeeded = true;
            LOG.infof("job path warmed up in %.1f s", (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            LOG.warnf("the job path warm-up failed (the first job pays its start-up costs): %s", e.toString());
        } finally {
            done = true;
        }
    }

    /** Must run in a transaction, which it ends by rolling it back. */
    private Void aJob(String jobId) throws IOException {
        User owner = User.<User>findAll().firstResult();
        if (owner == null) {
            throw new IllegalStateException("no user yet to own the warm-up's job");
        }
        JobPlan plan = validator.check(json.readValue(REQUEST, JobRequest.class));
        JobService.store(jobId, plan, owner.id, TrainingJob.USER);
        for (int trial = 0; trial < plan.cells().size(); trial++) {
            String trialId = jobId + "/" + trial;
            json.readValue(json.writeValueAsBytes(progressOf(jobId, trialId)), EpochProgressBatch.class);
            results.trialCompleted(
                    json.readValue(json.writeValueAsBytes(resultOf(jobId, trialId, plan.cells().get(trial))),
                            TrialCompleted.class));
        }
        json.writeValueAsString(views.detail(jobId));
        throw new NothingKept();
    }

    /** Ends the warm-up's transaction by rolling it back. */
    private static final class NothingKept extends RuntimeException {
        NothingKept() {
            super("the warm-up keeps nothing", null, false, false);
        }
    }

    // Read through the bean's client proxy: methods, not fields.
    boolean done() {
        return done;
    }

    boolean succeeded() {
        return succeeded;
    }

    /** One message of learning-curve points, as a trainer sends a trial's. */
    private static EpochProgressBatch progressOf(String jobId, String trialId) {
        List<EpochProgress> points = new ArrayList<>();
        for (int point = 0; point < 250; point++) {
            points.add(new EpochProgress(EpochProgress.SCHEMA, jobId, trialId, point % 5, point / 5 + 1,
                    0.3 + point * 1e-3,
                    0.9 - point * 1e-4, 0.31 + point * 1e-3, 0.89 + point * 1e-4, "warm-up"));
        }
        return new EpochProgressBatch(EpochProgressBatch.SCHEMA, points);
    }

    /** A trial's result with five folds of 55 epochs each. */
    private static TrialCompleted resultOf(String jobId, String trialId, Cell cell) {
        List<Fold> folds = new ArrayList<>();
        for (int fold = 0; fold < 5; fold++) {
            List<double[]> history = new ArrayList<>();
            for (int epoch = 0; epoch < 55; epoch++) {
                history.add(new double[] { 0.3 - epoch * 1e-3, 0.9 + epoch * 1e-3, 0.31 - epoch * 1e-3,
                        0.89 + epoch * 1e-3, 0.32, 0.88 });
            }
            folds.add(new Fold(fold, 0, 291, 73, 91, 40, 45, null, 0.95, 0.12, history));
        }
        return new TrialCompleted(TrialCompleted.SCHEMA, jobId, trialId, cell, 0.95, 0.01, 0.94, 0.96, 0.12, false,
                folds, "cpu",
                "warm-up", 1.0, false);
    }

    /** Not ready until the job path is warm (or its warm-up failed: then the first job pays, as without one). */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {

        private final JobPathWarmup warmup;

        Check(JobPathWarmup warmup) {
            this.warmup = warmup;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("job path warm-up").status(warmup.done())
                    .withData("succeeded", warmup.succeeded()).build();
        }
    }
}
