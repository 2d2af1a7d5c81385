package dev.hud.gateway.monitor;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hud.common.messages.Payloads;
import dev.hud.common.messages.TrainingEvents.Heartbeat;

/**
 * The trainers as their heartbeats describe them (what Flower showed of Celery workers): host,
 * device, current job and trial, done and failed counts, last seen; "gone" once silent past the
 * timeout, "stopped" after a last heartbeat on shutdown. Every gateway replica hears every beat.
 */
@ApplicationScoped
public class WorkerRegistry {

    private static final Logger LOG = Logger.getLogger(WorkerRegistry.class);
    private static final int MAX_WORKERS = 10_000;

    /**
     * One worker as the monitor shows it. {@code currentTrials}: every trial of
     * the batch it works on (ids {@code <jobId>/<index>}, or {@code <jobId>/refit}).
     */
    public record Worker(String workerId, String host, String device, String deviceKind, String currentJob,
            String currentTrial,
            List<String> currentTrials, long completed, long failed, long startedAt, long lastSeen,
            WorkerStatus status) {
    }

    private record Seen(Heartbeat beat, long at) {
    }

    /** Forgotten after {@code hud.monitor.forget-after} without a beat; bounded whatever sends heartbeats. */
    private final Cache<String, Seen> workers;
    private final ObjectMapper json;
    private final MonitorConfig config;
    private final Event<Heartbeat> heard;

    WorkerRegistry(ObjectMapper json, MonitorConfig config, Event<Heartbeat> heard) {
        this.json = json;
        this.config = config;
        this.heard = heard;
        this.workers = Caffeine.newBuilder().maximumSize(MAX_WORKERS).expireAfterWrite(config.forgetAfter()).build();
    }

    @Incoming("heartbeats")
    void onHeartbeat(Object payload) {
        try {
            Heartbeat beat = json.readValue(Payloads.bytes(payload), Heartbeat.class);
            if (Heartbeat.SCHEMA.equals(beat.schema()) && beat.workerId() != null) {
                workers.put(beat.workerId(), new Seen(beat, System.currentTimeMillis()));
                heard.fireAsync(beat); // off the broker's thread: observers may use the database
            }
        } catch (Exception e) {
            LOG.debugf("ignored a malformed heartbeat: %s", e.getMessage());
        }
    }

    /** Alive workers first, then by id. */
    public List<Worker> workers() {
        long now = System.currentTimeMillis();
        return workers.asMap().values().stream().map(seen -> view(seen, now))
                .sorted(Comparator.comparing((Worker worker) -> worker.status() != WorkerStatus.ALIVE)
                        .thenComparing(Worker::workerId))
                .toList();
    }

    private Worker view(Seen seen, long now) {
        Heartbeat beat = seen.beat();
        WorkerStatus status = beat.stopping() ? WorkerStatus.STOPPED
                : now - seen.at() > config.workerTimeout().toMillis() ? WorkerStatus.GONE : WorkerStatus.ALIVE;
        // A trainer that took one trial at a time names only that one.
        List<String> trials = beat.currentTrials() != null ? beat.currentTrials()
                : beat.currentTrial() == null ? List.of() : List.of(beat.currentTrial());
        return new Worker(beat.workerId(), beat.host(), beat.device(), beat.deviceKind(), beat.currentJob(),
                beat.currentTrial(),
                trials, beat.completed(), beat.failed(), beat.startedAt(), seen.at(), status);
    }
}
