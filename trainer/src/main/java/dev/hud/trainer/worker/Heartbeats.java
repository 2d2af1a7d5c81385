package dev.hud.trainer.worker;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hud.common.messages.TrainingEvents.Heartbeat;
import dev.hud.trainer.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Tells the gateway's monitor this worker is alive, what it runs on and what it is doing: every few seconds, and at
 * once whenever it takes work.
 */
@ApplicationScoped
class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final WorkerState state;
    private final EventPublisher events;
    private final String deviceKind;

    Heartbeats(WorkerState state, EventPublisher events, TrainerConfig config) {
        this.state = state;
        this.events = events;
        this.deviceKind = config.deviceKind();
    }

    @Scheduled(every = "${hud.trainer.heartbeat-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        events.publishQuietly(Heartbeat.ROUTING_KEY, heartbeat(false));
    }

    /** A trainer that takes work says so at once, not at its next beat: the job shows as started when it is. */
    void taken(@Observes WorkerState.Current work) {
        beat();
    }

    void stopping(@Observes ShutdownEvent event) {
        try {
            events.publish(Heartbeat.ROUTING_KEY, heartbeat(true)).toCompletableFuture().get(2,
                    TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("last heartbeat not confirmed: %s", e.getMessage());
        }
    }

    Heartbeat heartbeat(boolean stopping) {
        var current = state.current();
        return new Heartbeat(Heartbeat.SCHEMA, state.workerId(), state.host(), state.device(), deviceKind,
                current == null ? null : current.jobId(), current == null ? null : current.trialId(),
                current == null ? List.of() : current.trials(), state.completed(), state.failed(), state.startedAt(),
                System.currentTimeMillis(), stopping);
    }
}
