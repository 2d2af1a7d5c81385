package dev.hud.gateway.jobs.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Payloads;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.EpochProgressBatch;
import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.gateway.jobs.TrialStatus;
import dev.hud.gateway.jobs.api.JobViews;
import dev.hud.gateway.jobs.messaging.JobNews;
import dev.hud.gateway.models.ModelViews;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;

/**
 * What is happening now, on this replica: every replica hears every training event and job change
 * on a queue of its own, keeps the curves of the trials being trained (until their result is
 * stored), and passes events on to the browsers watching a job.
 */
@ApplicationScoped
public class LiveJobs {

    private static final Logger LOG = Logger.getLogger(LiveJobs.class);
    private static final long FORGET_AFTER_MS = 10 * 60_000;
    private static final int MAX_EPOCHS_KEPT = 5_000;

    /** An event for the browsers watching {@code jobId}; {@code type} is the SSE event name. */
    public record LiveEvent(String jobId, String type, Object data) {
    }

    /** A point of a running fold's curves. */
    public record Point(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
            double validationAccuracy) {
    }

    /** A trial being trained: per fold, its points so far. */
    static final class Running {
        final String jobId;
        final int epochs;
        final Map<Integer, List<Point>> folds = new TreeMap<>();
        volatile long lastSeen = System.currentTimeMillis();

        Running(String jobId, int epochs) {
            this.jobId = jobId;
            this.epochs = epochs;
        }

        synchronized void add(int fold, Point point) {
            var points = folds.computeIfAbsent(fold, f -> new ArrayList<>());
            if (points.size() < MAX_EPOCHS_KEPT) {
                points.add(point);
            }
            lastSeen = System.currentTimeMillis();
        }

        /** Share of the trial done: its folds' mean epoch over the cell's epochs. */
        synchronized double done() {
            return folds.values().stream()
                    .mapToInt(points -> points.isEmpty() ? 0 : points.get(points.size() - 1).epoch()).average()
                    .orElse(0) / Math.max(1, epochs);
        }

        synchronized Map<Integer, List<Point>> copy() {
            var copy = new TreeMap<Integer, List<Point>>();
            folds.forEach((fold, points) -> copy.put(fold, List.copyOf(points)));
            return copy;
        }
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final BroadcastProcessor<LiveEvent> events = BroadcastProcessor.create();
    private final JobViews views;
    private final ModelViews models;
    private final ObjectMapper json;

    LiveJobs(JobViews views, ModelViews models, ObjectMapper json) {
        this.views = views;
        this.models = models;
        this.json = json;
    }

    @Incoming("live-events")
    @Blocking
    @ActivateRequestContext
    public CompletionStage<Void> onEvent(Message<?> message) {
        String routingKey = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getRoutingKey).orElse("");
        try {
            byte[] body = Payloads.bytes(message.getPayload());
            if (JobNews.JobChanged.ROUTING_KEY.equals(routingKey)) {
                changed(json.readValue(body, JobNews.JobChanged.class).jobId());
                return message.ack();
            }
            Object event = TrainingEvents.read(json, routingKey, body).orElse(null);
            if (event instanceof EpochProgressBatch batch) {
                batch.points().forEach(this::progress);
            } else if (event instanceof EpochProgress point) {
                progress(point); // trainers before batches
            } else if (event instanceof TrialCompleted trial) {
                finished(trial.jobId(), trial.trialId(),
                        Map.of("trialId", trial.trialId(), "status", TrialStatus.SUCCEEDED,
                                "meanAccuracy", trial.meanAccuracy(), "stdAccuracy", trial.stdAccuracy()));
            } else if (event instanceof WorkFailed failed && failed.jobId() != null && failed.trialId() != null) {
                finished(failed.jobId(), failed.trialId(),
                        Map.of("trialId", failed.trialId(), "status", TrialStatus.FAILED,
                                "failure", String.valueOf(failed.reason())));
            } else if (event instanceof WorkCancelled cancelled && cancelled.jobId() != null
                    && cancelled.trialId() != null) {
                finished(cancelled.jobId(), cancelled.trialId(),
                        Map.of("trialId", cancelled.trialId(), "status", TrialStatus.CANCELLED));
            } else if (event instanceof ModelCompleted) {
                models.forget();
            } else {
                LOG.debugf("live event %s ignored", routingKey);
            }
        } catch (Exception e) {
            LOG.warnf("live event %s ignored: %s", routingKey, e.toString());
        }
        return message.ack();
    }

    private void progress(EpochProgress event) {
        if (event.jobId() == null || event.trialId() == null) {
            return;
        }
        Running trial = running.computeIfAbsent(event.trialId(),
                id -> new Running(event.jobId(), cellEpochs(event.jobId(), id)));
        var point = new Point(event.epoch(), event.trainLoss(), event.trainAccuracy(), event.validationLoss(),
                event.validationAccuracy());
        trial.add(event.fold(), point);
        events.onNext(new LiveEvent(event.jobId(), "progress",
                Map.of("trialId", event.trialId(), "fold", event.fold(), "point", point)));
    }

    private void finished(String jobId, String trialId, Map<String, Object> data) {
        running.remove(trialId);
        views.forget(jobId);
        events.onNext(new LiveEvent(jobId, "trial", data));
    }

    private void changed(String jobId) {
        views.forget(jobId);
        try {
            events.onNext(new LiveEvent(jobId, "job", summary(jobId)));
        } catch (RuntimeException e) {
            LOG.warnf("job %s not readable now: %s", jobId, e.toString());
        }
    }

    /** The job's summary with the live share of its running trials. */
    public JobViews.JobSummary summary(String jobId) {
        return withLive(views.detail(jobId).job());
    }

    /** A stored summary with the live share of its running trials added. */
    public JobViews.JobSummary withLive(JobViews.JobSummary summary) {
        double live = running.values().stream().filter(trial -> trial.jobId.equals(summary.id()))
                .mapToDouble(Running::done).sum();
        return summary.withLive(100.0 * live / (summary.trials() + 1));
    }

    /** Curves so far of the job's trials being trained, by trial id, then fold. */
    public Map<String, Map<Integer, List<Point>>> curves(String jobId) {
        var curves = new TreeMap<String, Map<Integer, List<Point>>>();
        running.forEach((trialId, trial) -> {
            if (trial.jobId.equals(jobId)) {
                curves.put(trialId, trial.copy());
            }
        });
        return curves;
    }

    /** The job's events from now on. A browser that cannot keep up is cut off (it reconnects and reloads). */
    public Multi<LiveEvent> stream(String jobId) {
        return events.filter(event -> event.jobId().equals(jobId)).onOverflow().buffer(2_000);
    }

    /** Whether a worker is training this trial now (progress heard recently). */
    public boolean isRunning(String trialId, long withinMillis) {
        Running trial = running.get(trialId);
        return trial != null && System.currentTimeMillis() - trial.lastSeen < withinMillis;
    }

    @Scheduled(every = "60s", delayed = "60s")
    void forgetSilent() {
        long now = System.currentTimeMillis();
        running.values().removeIf(trial -> now - trial.lastSeen > FORGET_AFTER_MS);
    }

    private int cellEpochs(String jobId, String trialId) {
        try {
            int idx = Integer.parseInt(trialId.substring(trialId.lastIndexOf('/') + 1));
            return views.detail(jobId).trialResults().get(idx).cell().epochs();
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
