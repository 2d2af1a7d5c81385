package dev.hud.cdn.warmup;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import dev.hud.cdn.CdnConfig;
import io.quarkus.runtime.Startup;

/**
 * Where the warm-up is: what readiness reports. Its deadline counts from the start, so even a warm-up that never
 * begins (no HTTP server event) or hangs cannot keep the cdn unready past {@code hud.cdn.warm-up.timeout}.
 */
@Startup // its deadline counts from the start, whoever asks first
@Singleton
class WarmUpState {

    enum Phase {
        OFF, RUNNING, DONE, TIMED_OUT
    }

    private final long deadline;
    private volatile Phase phase;
    private final LongAdder answered = new LongAdder();

    WarmUpState(CdnConfig config) {
        var warmUp = config.warmUp();
        this.phase = warmUp.enabled() ? Phase.RUNNING : Phase.OFF;
        this.deadline = System.nanoTime() + warmUp.timeout().toNanos();
    }

    Phase phase() {
        return phase == Phase.RUNNING && System.nanoTime() - deadline > 0 ? Phase.TIMED_OUT : phase;
    }

    boolean ready() {
        return phase() != Phase.RUNNING;
    }

    /** Requests answered so far. */
    long answered() {
        return answered.sum();
    }

    void answer() {
        answered.increment();
    }

    Duration left() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    void finished(boolean timedOut) {
        this.phase = timedOut ? Phase.TIMED_OUT : Phase.DONE;
    }
}
