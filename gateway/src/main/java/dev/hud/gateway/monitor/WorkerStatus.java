package dev.hud.gateway.monitor;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.hud.gateway.jobs.Labels;

/**
 * A trainer as its heartbeats show it: alive; gone once silent past {@code hud.monitor.worker-timeout} (its trials are
 * the reaper's); stopped after a last heartbeat on shutdown. Shown by its lower-case label.
 */
public enum WorkerStatus {
    ALIVE, GONE, STOPPED;

    @JsonValue
    public String label() {
        return Labels.of(this);
    }
}
