package dev.hud.sensors.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
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
 * A client that connects and never reads, next to one that does, with samples every 10 ms: the stuck
 * one loses samples and is closed after {@link SseClient#MAX_CONSECUTIVE_DROPS} in a row; the other
 * keeps receiving every sample, before and after. Nothing here depends on how fast the machine is:
 * the test waits for the drop to happen, and the reader's ids prove it lost nothing.
 */
@QuarkusTest
@TestProfile(SlowClientTest.Fast.class)
class SlowClientTest {

    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.sensors.interval", "10ms", "hud.sensors.stream-write-queue", "8192",
                    "hud.sensors.socket-send-buffer", "8192");
        }
    }

    /** Bounds for a failure only: a healthy run is done in a few seconds. */
    private static final Duration READ = Duration.ofSeconds(10);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    Broadcaster broadcaster;

    @Inject
    MeterRegistry registry;

    @Test
    void aStuckClientIsDroppedWithoutSlowingTheOthers() throws Exception {
        int before = broadcaster.subscribers();
        double droppedBefore = dropped();
        try (var stuck = new Socket(); var reader = new SseReader(stream)) {
            stuck.setReceiveBufferSize(2048);
            stuck.connect(new InetSocketAddress(stream.getHost(), stream.getPort()));
            stuck.getOutputStream().write(
                    ("GET " + stream.getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            // The stuck client reads nothing from now on. Its buffers fill, its samples are dropped, and after
            // MAX_CONSECUTIVE_DROPS in a row it is closed. Meanwhile the reader must see every sample, in order:
            // a client that is dropped for, or waits on, the stuck one would skip ids.
            long previous = reader.next(READ).id();
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            while (!(dropped() - droppedBefore >= SseClient.MAX_CONSECUTIVE_DROPS
                    && broadcaster.subscribers() == before + 1)) {
                assertTrue(System.nanoTime() < deadline,
                        "the stuck client was not closed within " + GIVE_UP + "; dropped "
                                + (dropped() - droppedBefore) + ", subscribers " + broadcaster.subscribers());
                previous = nextInOrder(reader, previous);
            }
            // The reader goes on, still missing nothing, once the stuck client is gone.
            for (int i = 0; i < 50; i++) {
                previous = nextInOrder(reader, previous);
            }
            assertEquals(before + 1, broadcaster.subscribers(), "only the reader is left");

            // Seen from the stuck client: the server ended its connection (what was sent before can still be read).
            InputStream in = stuck.getInputStream();
            stuck.setSoTimeout((int) GIVE_UP.toMillis());
            while (in.read(new byte[65536]) >= 0) {
                // drain up to the end of the stream; a read that times out fails the test
            }
        }
    }

    private static long nextInOrder(SseReader reader, long previous) throws InterruptedException {
        long id = reader.next(READ).id();
        assertEquals(previous + 1, id, "the reading client misses nothing");
        return id;
    }

    private double dropped() {
        return registry.counter("hud.sensors.stream.dropped").count();
    }
}
