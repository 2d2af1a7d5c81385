package dev.hud.sensors.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hud.sensors.node.NodeIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The live stream of this machine's own sampler (100 ms), read by real SSE clients. */
@QuarkusTest
class StreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    Broadcaster broadcaster;

    @Inject
    NodeIdentity node;

    /** This node's stream: other nodes' samples (a hub test's, still in the replay buffer) have their own numbers. */
    private URI ownNode() {
        return URI.create(stream + "?node=" + node.name());
    }

    @Test
    void everySampleOnceInOrderWithItsSequenceAsId() throws Exception {
        try (var reader = new SseReader(ownNode())) {
            List<SseReader.Event> events = reader.take(10, WAIT);
            for (int i = 1; i < events.size(); i++) {
                assertEquals(events.get(i - 1).id() + 1, events.get(i).id(), "no sample skipped or repeated");
            }
            var sample = events.get(0).data();
            assertEquals(events.get(0).id(), sample.get("seq").asLong());
            assertEquals(Runtime.getRuntime().availableProcessors(), sample.get("cores").size());
            assertTrue(sample.get("cores").get(0).has("utilizationPct"));
            assertTrue(sample.get("timestamp").asLong() > System.currentTimeMillis() - 60_000);
            if (sample.get("cores").get(0).get("temperatureC").isNull()) {
                assertTrue(sample.get("temperatureReason").asText().length() > 0, "no temperature without a reason");
            }
        }
    }

    @Test
    void twoClientsReceiveTheSameSequence() throws Exception {
        try (var first = new SseReader(stream); var second = new SseReader(stream)) {
            long start = Math.max(first.next(WAIT).id(), second.next(WAIT).id()) + 1;
            List<Long> a = idsFrom(first, start, 10);
            List<Long> b = idsFrom(second, start, 10);
            assertEquals(a, b);
        }
    }

    @Test
    void resumeWithLastEventIdReplaysWhatWasMissed() throws Exception {
        long last;
        try (var reader = new SseReader(ownNode())) {
            last = reader.take(3, WAIT).get(2).id();
        }
        Thread.sleep(600); // about six samples happen while no one listens
        try (var resumed = new SseReader(ownNode(), "Last-Event-ID", String.valueOf(last))) {
            assertEquals(last + 1, resumed.next(WAIT).id(), "the first event is the one after the last seen");
            assertEquals(last + 2, resumed.next(WAIT).id());
        }
    }

    @Test
    void filtersAndDownSampling() throws Exception {
        try (var oneCore = new SseReader(URI.create(stream + "?cores=0"))) {
            var cores = oneCore.next(WAIT).data().get("cores");
            assertEquals(1, cores.size());
            assertEquals(0, cores.get(0).get("core").asInt());
        }
        try (var otherNode = new SseReader(URI.create(stream + "?node=no-such-node&every=250ms"))) {
            assertThrowsNoEvent(otherNode);
        }
        try (var slow = new SseReader(URI.create(stream + "?every=500ms"))) {
            List<SseReader.Event> events = slow.take(3, WAIT);
            long gap = events.get(2).data().get("timestamp").asLong() - events.get(1).data().get("timestamp").asLong();
            assertTrue(gap >= 500 && gap < 800, "one sample per 500 ms, got a gap of " + gap + " ms");
        }
    }

    @Test
    void badParametersAreNamed() {
        given().when().get("/api/sensors/stream?every=often")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("every"));
        given().header("Last-Event-ID", "yesterday").when().get("/api/sensors/stream")
                .then().statusCode(400).body("errors[0].field", equalTo("Last-Event-ID"));
        given().when().get("/api/sensors/stream?cores=a").then().statusCode(400).body("errors[0].field",
                equalTo("cores"));
    }

    @Test
    void aDisconnectedClientIsForgottenAtOnce() throws Exception {
        // Clients of the tests before may still be leaving: count from none.
        long quiet = System.currentTimeMillis() + 5000;
        while (broadcaster.subscribers() > 0 && System.currentTimeMillis() < quiet) {
            Thread.sleep(50);
        }
        int before = broadcaster.subscribers();
        var reader = new SseReader(stream);
        reader.next(WAIT);
        assertEquals(before + 1, broadcaster.subscribers());
        reader.close();
        long deadline = System.currentTimeMillis() + 3000;
        while (broadcaster.subscribers() > before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, broadcaster.subscribers());
    }

    private static void assertThrowsNoEvent(SseReader reader) throws InterruptedException {
        try {
            reader.next(Duration.ofMillis(700));
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("an event of another node came through the node filter");
    }

    private static List<Long> idsFrom(SseReader reader, long start, int count) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        while (ids.size() < count) {
            long id = reader.next(WAIT).id();
            if (id >= start) {
                ids.add(id);
            }
        }
        return ids;
    }
}
