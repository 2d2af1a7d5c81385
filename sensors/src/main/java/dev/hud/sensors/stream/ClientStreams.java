package dev.hud.sensors.stream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.sensors.node.SensorsConfig;

/**
 * Open streams per client address ({@code hud.sensors.max-streams-per-client}): the live stream is for anyone, so one
 * client must not hold every connection a hub can serve. Behind an Ingress the address is the forwarded one, believed
 * only from the trusted proxies ({@code TrustedProxies}). An address is forgotten when its last stream ends, so what is
 * kept is bounded by the open connections.
 */
@ApplicationScoped
class ClientStreams {

    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    ClientStreams(SensorsConfig config) {
        this.maxPerClient = config.maxStreamsPerClient();
    }

    /**
     * A slot for one more stream of {@code client}, or null when it has all it may have; release it once, when the
     * stream ends.
     */
    Runnable acquire(String client) {
        boolean[] granted = { false };
        open.compute(client, (address, count) -> {
            AtomicInteger streams = count == null ? new AtomicInteger() : count;
            if (streams.get() < maxPerClient) {
                streams.incrementAndGet();
                granted[0] = true;
            }
            return streams.get() == 0 ? null : streams;
        });
        if (!granted[0]) {
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(client, (address, streams) -> streams.decrementAndGet() == 0 ? null : streams);
            }
        };
    }

    int maxPerClient() {
        return maxPerClient;
    }

    /** Addresses with at least one open stream. */
    int clients() {
        return open.size();
    }
}
