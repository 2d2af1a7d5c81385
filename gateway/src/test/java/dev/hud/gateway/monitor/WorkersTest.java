package dev.hud.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.hud.common.health.BrokerSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Heartbeats published on the real broker as trainers publish them, shown by the monitor API. */
@QuarkusTest
class WorkersTest {

    private static String adminToken() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
    }

    private static void beat(String workerId, boolean stopping) throws Exception {
        var factory = BrokerSettings.fromConfig();
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            String body = """
                    {"schema":"hud.heartbeat/v1","workerId":"%s","host":"node-7","device":"cpu: 2 cores (CpuBackend)",
                     "deviceKind":"cpu","currentJob":"job-1","currentTrial":"job-1/3","completed":12,"failed":1,
                     "startedAt":%d,"sentAt":%d,"stopping":%s}""".formatted(workerId,
                    System.currentTimeMillis() - 60_000,
                    System.currentTimeMillis(), stopping);
            channel.basicPublish("hud.events", "worker.heartbeat", null, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String field(String token, String workerId, String field) {
        return given().auth().oauth2(token).when().get("/api/monitor/workers")
                .then().statusCode(200).extract().path("find { it.workerId == '" + workerId + "' }." + field);
    }

    @Test
    void workersAppearAliveThenGoneOrStopped() throws Exception {
        String token = adminToken();
        String silent = "trainer-" + UUID.randomUUID().toString().substring(0, 6);
        String stopping = "trainer-" + UUID.randomUUID().toString().substring(0, 6);

        beat(silent, false);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "alive".equals(field(token, silent, "status")));
        given().auth().oauth2(token).when().get("/api/monitor/workers")
                .then().statusCode(200)
                .body("find { it.workerId == '" + silent + "' }.host", equalTo("node-7"))
                .body("find { it.workerId == '" + silent + "' }.currentTrial", equalTo("job-1/3"))
                .body("find { it.workerId == '" + silent + "' }.completed", equalTo(12));

        beat(stopping, true);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> "stopped".equals(field(token, stopping, "status")));
        // Silent past the test's 2 s timeout: gone.
        Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> "gone".equals(field(token, silent, "status")));

        given().when().get("/api/monitor/workers").then().statusCode(401);
    }
}
