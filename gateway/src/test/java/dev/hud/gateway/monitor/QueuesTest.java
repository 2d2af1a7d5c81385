package dev.hud.gateway.monitor;

import static dev.hud.gateway.jobs.Api.newUser;
import static dev.hud.gateway.jobs.Api.submitted;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.DefaultConsumer;

import dev.hud.common.health.BrokerSettings;
import dev.hud.common.testing.TestDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /api/monitor/queues}: depth and consumers as the real broker reports them, trials in and out in the last
 * minute from the database. Queues and a database of its own, so that the numbers are exactly what this test did.
 */
@QuarkusTest
@TestProfile(QueuesTest.OwnQueues.class)
class QueuesTest {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String CPU_QUEUE = "hud.training.gwq-cpu-" + SUFFIX;
    static final String GPU_QUEUE = "hud.training.gwq-gpu-" + SUFFIX;

    public static class OwnQueues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String database = TestDatabases.uniqueName("hud_queues");
            // Also the test profile's key: a run isolated with -D%test.hud.database.name sets that one.
            return Map.of("hud.database.name", database, "%test.hud.database.name", database,
                    "hud.jobs.queue-kinds.cpu", "gwq-cpu-" + SUFFIX, "hud.jobs.queue-kinds.gpu", "gwq-gpu-" + SUFFIX);
        }
    }

    private static final String FOUR_CELLS = "{\"grid\": {\"learningRate\": [0.02, 0.03], \"momentum\": [0.4, 0.45]},"
            + " \"folds\": 2, \"epochs\": 2, \"device\": \"%s\"}";

    private static Map<String, Object> queue(String token, String name) {
        JsonPath view = given().auth().oauth2(token).when().get("/api/monitor/queues").then().statusCode(200)
                .extract().jsonPath();
        return view.getMap("find { it.queue == '" + name + "' }");
    }

    private static List<Object> numbers(String token, String name) {
        Map<String, Object> row = queue(token, name);
        return List.of(row.get("depth"), row.get("consumers"), row.get("inPerMinute"), row.get("outPerMinute"));
    }

    @AfterAll
    static void deleteQueues() throws Exception {
        try (var connection = BrokerSettings.fromConfig().newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(CPU_QUEUE);
            channel.queueDelete(GPU_QUEUE);
        }
    }

    @Test
    void depthConsumersAndRatesFollowWhatIsSentTakenAndFinished() throws Exception {
        String token = newUser();
        JsonPath view = given().auth().oauth2(token).when().get("/api/monitor/queues").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(CPU_QUEUE, GPU_QUEUE, "hud.training.dead"), view.getList("queue"));
        assertEquals(java.util.Arrays.asList("cpu", "gpu", null), view.getList("device"));
        // Nothing sent to this device yet: no queue at the broker either.
        assertEquals(List.of(0, 0, 0, 0), numbers(token, CPU_QUEUE));
        assertEquals("not declared yet", queue(token, CPU_QUEUE).get("error"));

        submitted(token, FOUR_CELLS.formatted("cpu"));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> numbers(token, CPU_QUEUE).equals(List.of(4, 0, 4, 0)));
        assertNull(queue(token, CPU_QUEUE).get("error"));
        assertEquals(List.of(0, 0, 0, 0), numbers(token, GPU_QUEUE), "the other device's queue is its own");

        try (var connection = BrokerSettings.fromConfig().newConnection("gateway-test-trainer");
                var channel = connection.createChannel()) {
            // A trainer takes one trial and reports it failed: one fewer waiting, one out.
            var taken = channel.basicGet(CPU_QUEUE, false);
            assertNotNull(taken);
            String trialId = new ObjectMapper().readTree(taken.getBody()).path("trialId").asText();
            channel.basicAck(taken.getEnvelope().getDeliveryTag(), false);
            TrainerMessages.failed(trialId.substring(0, trialId.lastIndexOf('/')), trialId, "no memory left");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> numbers(token, CPU_QUEUE).equals(List.of(3, 0, 4, 1)));

            // A trainer listening on the queue is a consumer; prefetch 0 messages so the depth stays.
            var listening = connection.createChannel();
            listening.basicQos(1);
            String tag = listening.basicConsume(CPU_QUEUE, false, new DefaultConsumer(listening));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) queue(token, CPU_QUEUE).get("consumers")).intValue() == 1);
            listening.basicCancel(tag);
            listening.close();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) queue(token, CPU_QUEUE).get("consumers")).intValue() == 0);
        }

        submitted(token, FOUR_CELLS.formatted("gpu"));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> numbers(token, GPU_QUEUE).equals(List.of(4, 0, 4, 0)));
    }
}
