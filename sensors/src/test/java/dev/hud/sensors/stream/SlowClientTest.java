package dev.hud.sensors.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A client that connects and never reads, next to one that does, with samples every 2 ms: the stuck
 * one loses samples and is then closed; the other keeps receiving every sample.
 */
@QuarkusTest
@TestProfile(SlowClientTest.Fast.class)
class SlowClientTest {

    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.sensors.interval", "2ms", "hud.sensors.stream-write-queue", "8192", "hud.sensors.socket-send-buffer", "8192");
        }
    }

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    Broadcaster broadcaster;

    @Inject
    MeterRegistry registry;

    @Test
    void aStuckClientIsDroppedWithoutSlowingTheOthers() throws Exception {
        int before = broadcaster.subscribers();
        try (var stuck = new Socket(); var reader = new SseReader(stream)) {
            stuck.setReceiveBufferSize(2048);
            stuck.connect(new java.net.InetSocketAddress(stream.getHost(), stream.getPort()));
            stuck.getOutputStream().write(("GET " + stream.getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // The stuck client reads nothing from now on.

            long deadline = System.currentTimeMillis() + 8_000;
            long previous = reader.next(Duration.ofSeconds(5)).id();
            int received = 0;
            while (broadcaster.subscribers() > before + 1 && System.currentTimeMillis() < deadline) {
                long id = reader.next(Duration.ofSeconds(2)).id();
                assertEquals(previous + 1, id, "the reading client misses nothing");
                previous = id;
                received++;
            }
            assertEquals(before + 1, broadcaster.subscribers(), "the stuck client was closed; dropped " + registry.counter("hud.sensors.stream.dropped").count() + ", received " + received);
            assertTrue(registry.counter("hud.sensors.stream.dropped").count() >= SseClient.MAX_CONSECUTIVE_DROPS);
            assertTrue(received > 100, "received " + received);
            InputStream in = stuck.getInputStream();
            stuck.setSoTimeout(5000);
            while (in.read(new byte[65536]) >= 0) {
                // drain what was sent before the close, up to the end of the stream
            }
        }
    }
}
