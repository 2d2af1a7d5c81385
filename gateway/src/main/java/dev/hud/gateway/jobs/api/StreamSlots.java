package dev.hud.gateway.jobs.api;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.hud.gateway.jobs.JobsConfig;

/**
 * Event streams open at once per user (each holds a connection and a subscription for as long as it lasts): at most
 * {@code hud.jobs.max-streams-per-user}. A user with none open has no entry, so what this holds is bounded by the
 * streams that are open.
 */
@ApplicationScoped
class StreamSlots {

    private final int perUser;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    @Inject
    StreamSlots(JobsConfig config) {
        this(config.maxStreamsPerUser());
    }

    StreamSlots(int perUser) {
        this.perUser = perUser;
    }

    /** Whether a stream may open; if so, {@link #release} it when it ends. */
    boolean take(String user) {
        boolean[] taken = { false };
        open.compute(user, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perUser) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void release(String user) {
        open.computeIfPresent(user, (name, count) -> count <= 1 ? null : count - 1);
    }

    int limit() {
        return perUser;
    }
}
