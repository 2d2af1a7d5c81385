package dev.hud.sensors.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.sensors.sampling.Sample;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

/**
 * One SSE connection. Events are handed over from the sampling thread to the connection's own
 * event loop; at most {@link #MAX_QUEUED} may wait, and none is written while the socket's write
 * queue is full: a slow or stuck client loses samples (counted) instead of slowing anyone, and is
 * closed after {@link #MAX_CONSECUTIVE_DROPS} lost in a row.
 */
final class SseClient implements Broadcaster.Subscriber {

    static final int MAX_QUEUED = 64;
    static final int MAX_CONSECUTIVE_DROPS = 100;

    private final HttpServerResponse response;
    private final Context context;
    private final StreamRequest request;
    private final ObjectMapper json;
    private final Counter dropped;
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<String, Long> lastSentAt = new HashMap<>();
    private final Map<String, Sample> lastSent = new HashMap<>();
    private int consecutiveDrops;
    private Runnable onGiveUp = () -> {
    };

    SseClient(HttpServerResponse response, Context context, StreamRequest request, ObjectMapper json, Counter dropped) {
        this.response = response;
        this.context = context;
        this.request = request;
        this.json = json;
        this.dropped = dropped;
    }

    @Override
    public void offer(Broadcaster.Event event) {
        if (request.node() != null && !request.node().equals(event.sample().node())) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        context.runOnContext(ignored -> {
            queued.decrementAndGet();
            send(event);
        });
    }

    /** Runs on the connection's event loop. */
    void send(Broadcaster.Event event) {
        if (response.closed() || response.ended()) {
            return;
        }
        Sample sample = event.sample();
        Sample previous = lastSent.get(sample.node());
        if (previous != null && sample.seq() <= previous.seq() && sample.timestamp() <= previous.timestamp()) {
            return; // already sent: a replayed event that also arrived live
        }
        if (request.every() != null) {
            // Down-sampling: at most one event per node and period; the ones between are coalesced away.
            Long last = lastSentAt.get(sample.node());
            if (last != null && sample.timestamp() - last < request.every().toMillis()) {
                return;
            }
            lastSentAt.put(sample.node(), sample.timestamp());
        }
        if (response.writeQueueFull()) {
            dropped.increment();
            if (++consecutiveDrops >= MAX_CONSECUTIVE_DROPS) {
                // A graceful close would wait for the stuck socket to drain: forget the client now, cut it.
                onGiveUp.run();
                response.reset();
            }
            return;
        }
        consecutiveDrops = 0;
        lastSent.put(sample.node(), sample);
        response.write(request.coreFilter().isEmpty() ? event.frame() : filtered(sample));
    }

    /** What to do when the client is given up on (stop offering it anything). */
    SseClient onGiveUp(Runnable action) {
        this.onGiveUp = action;
        return this;
    }

    void heartbeat() {
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
            }
        });
    }

    void replay(List<Broadcaster.Event> missed) {
        if (!missed.isEmpty()) {
            context.runOnContext(ignored -> missed.forEach(this::send));
        }
    }

    private String filtered(Sample sample) {
        var cores = request.cores();
        var kept = sample.cores().stream().filter(core -> cores.get(core.core())).toList();
        var copy = new Sample(sample.node(), sample.timestamp(), sample.seq(), kept, sample.packageTemperatureC(),
                sample.ccdTemperaturesC(), sample.load1(), sample.temperatureSource(), sample.temperatureReason());
        try {
            return Broadcaster.frame(sample.seq(), json.writeValueAsString(copy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
