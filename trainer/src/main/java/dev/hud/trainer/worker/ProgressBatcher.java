package dev.hud.trainer.worker;

import java.util.ArrayList;
import java.util.List;

import dev.hud.common.messages.TrainingEvents.EpochProgress;
import dev.hud.common.messages.TrainingEvents.EpochProgressBatch;

/**
 * Gathers one batch's learning-curve points and sends them together, at most every {@code interval}: a 3x3 grid's
 * ~2,000 per-epoch messages cost the gateway ~4 s of CPU per job, more than the training itself on two cores. The
 * training threads add points as their fits end an epoch; whoever adds a point once the interval is over sends what is
 * gathered, and {@link #close} sends the rest before the batch's results go out (a point never follows its trial's
 * result).
 */
final class ProgressBatcher implements AutoCloseable {

    /** One message stays small however large the batch (points are ~200 bytes of JSON). */
    static final int MAX_POINTS = 500;

    private final EventPublisher events;
    private final long intervalNanos;
    private final List<EpochProgress> points = new ArrayList<>();
    private long firstAt;

    ProgressBatcher(EventPublisher events, long intervalNanos) {
        this.events = events;
        this.intervalNanos = intervalNanos;
    }

    synchronized void add(EpochProgress point) {
        long now = System.nanoTime();
        if (points.isEmpty()) {
            firstAt = now;
        }
        points.add(point);
        if (now - firstAt >= intervalNanos || points.size() >= MAX_POINTS) {
            send();
        }
    }

    /** Sends what is gathered now: before a trial's result, so that none of its points follows it. */
    synchronized void flush() {
        if (!points.isEmpty()) {
            send();
        }
    }

    @Override
    public void close() {
        flush();
    }

    private void send() {
        events.publishQuietly(EpochProgressBatch.ROUTING_KEY,
                new EpochProgressBatch(EpochProgressBatch.SCHEMA, List.copyOf(points)));
        points.clear();
    }
}
