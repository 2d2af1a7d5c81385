package dev.hud.gateway.monitor;

import static dev.hud.gateway.jobs.Api.admin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A trainer is {@code gone} once silent for {@code hud.monitor.worker-timeout} (2 s in tests), counted from its last
 * heartbeat, not its first: heartbeats over the real broker.
 */
@QuarkusTest
class WorkerTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static JsonPath workers(String token) {
        return given().auth().oauth2(token).when().get("/api/monitor/workers").then().statusCode(200).extract()
                .jsonPath();
    }

    private static Map<String, Object> worker(String token, String id) {
        return workers(token).getMap("find { it.workerId == '" + id + "' }");
    }

    private static long lastSeen(Map<String, Object> worker) {
        return worker == null ? 0 : ((Number) worker.get("lastSeen")).longValue();
    }

    @Test
    void aWorkerThatKeepsBeatingStaysAliveAndGoesOnlyWhenItFallsSilent() throws Exception {
        String token = admin();
        String id = "trainer-" + UUID.randomUUID().toString().substring(0, 6);
        TrainerMessages.heartbeat(id, List.of(), false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> worker(token, id) != null);
        long firstSeen = lastSeen(worker(token, id));

        // Beat on until the first beat is older than the timeout; each beat, as soon as it is seen, shows it alive.
        long seen = firstSeen;
        while (seen - firstSeen <= TIMEOUT.toMillis() + 500) {
            TrainerMessages.heartbeat(id, List.of(), false);
            long previous = seen;
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lastSeen(worker(token, id)) > previous);
            var now = worker(token, id);
            seen = lastSeen(now);
            if (seen - firstSeen > TIMEOUT.toMillis()) {
                assertEquals("alive", now.get("status"), "the timeout counts from the last beat, not the first");
            }
        }

        long silentSince = seen;
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "gone".equals(worker(token, id).get("status")));
        assertTrue(System.currentTimeMillis() - silentSince > TIMEOUT.toMillis(), "not gone before the timeout");

        // A worker that comes back is alive again.
        TrainerMessages.heartbeat(id, List.of(), false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "alive".equals(worker(token, id).get("status")));
    }

    @Test
    void aLastHeartbeatOnShutdownShowsStoppedAtOnce() throws Exception {
        String token = admin();
        String id = "trainer-" + UUID.randomUUID().toString().substring(0, 6);
        TrainerMessages.heartbeat(id, List.of(), false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> worker(token, id) != null);
        TrainerMessages.heartbeat(id, List.of(), true);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "stopped".equals(worker(token, id).get("status")));
    }

    @Test
    void heartbeatsOfAnotherSchemaAreIgnoredAndAliveWorkersAreListedFirst() throws Exception {
        String token = admin();
        String foreign = "trainer-" + UUID.randomUUID().toString().substring(0, 6);
        String known = "trainer-" + UUID.randomUUID().toString().substring(0, 6);
        TrainerMessages.publish("worker.heartbeat", Map.of("schema", "hud.heartbeat/v9", "workerId", foreign));
        TrainerMessages.publish("worker.heartbeat", "{not json");
        // Sent after them on the same exchange to the same queue: once it is seen, they were read.
        TrainerMessages.heartbeat(known, List.of("job-x/1", "job-x/2"), false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> worker(token, known) != null);
        assertNull(worker(token, foreign));
        var listed = worker(token, known);
        assertEquals(List.of("job-x/1", "job-x/2"), listed.get("currentTrials"));
        assertEquals("job-x", listed.get("currentJob"));
        assertEquals("node-3", listed.get("host"));

        List<String> statuses = workers(token).getList("status");
        int firstNotAlive = statuses.indexOf("gone") < 0 ? statuses.size() : statuses.indexOf("gone");
        int firstStopped = statuses.indexOf("stopped");
        firstNotAlive = firstStopped >= 0 ? Math.min(firstNotAlive, firstStopped) : firstNotAlive;
        assertTrue(statuses.subList(firstNotAlive, statuses.size()).stream().noneMatch("alive"::equals), statuses
                .toString());
    }
}
