package dev.hud.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.DriverManager;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hud.e2e.system.Api;

/**
 * Two packaged gateways over one database and broker: a job changed through one is shown changed by the other at once,
 * not when its cached view expires. Each gateway caches job views for 10 minutes here, so only the change announced on
 * the broker ({@code job.status}, which every replica hears and drops its entry for) can make the second one see it.
 */
class TwoGatewaysIT {

    private static final String DATABASE = "hud_gateway_e2e_two";
    /** A bound for a failure only: the announcement arrives in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aJobChangedThroughOneGatewayIsSeenChangedThroughTheOther() throws Exception {
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        // No trainer takes this queue kind's work: the job stays queued until it is cancelled.
        var env = Tokens.gateway(DATABASE, "e2e-two");
        env.put("QUARKUS_CACHE_CAFFEINE__JOB_VIEWS__EXPIRE_AFTER_WRITE", "10m");
        try (var one = new Service("gateway", 18397, env).start();
                var two = new Service("gateway", 18398, env).start()) {
            var throughOne = new Api(one.url()).login("admin", Tokens.ADMIN_PASSWORD);
            var throughTwo = throughOne.at(two.url());
            var submitted = throughOne.post("/api/training-jobs",
                    "{\"name\": \"two gateways\", \"grid\": {\"learningRate\": [0.02], \"momentum\":"
                            + " [0.4]}, \"folds\": 2}");
            assertEquals(202, submitted.statusCode(), submitted.body());
            String id = Api.json(submitted).path("id").asText();
            assertEquals("queued", throughTwo.job(id).path("status").asText(), "the second gateway has it cached now");

            var cancelled = throughOne.post("/api/training-jobs/" + id + "/cancel", "");
            assertEquals(200, cancelled.statusCode(), cancelled.body());
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> "cancelled".equals(throughTwo.job(id).path("status").asText()));
        }
    }
}
