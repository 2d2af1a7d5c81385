package dev.hud.common.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

/** Against the RabbitMQ broker on 127.0.0.1:5672 (guest/guest), and a port where nothing listens. */
class BrokerReadinessCheckTest {

    @Test
    void upWithTheServerVersionWhenTheBrokerAnswers() {
        var check = check(5672);
        try {
            var response = check.call();
            assertEquals(Status.UP, response.getStatus());
            assertTrue(response.getData().orElseThrow().get("version").toString().matches("\\d+\\.\\d+.*"));
            assertEquals(Status.UP, check.call().getStatus(), "the kept connection serves the next probe");
        } finally {
            check.closeQuietly();
        }
    }

    @Test
    void downWithTheReasonWhenNothingListens() {
        var check = check(1);
        var response = check.call();
        assertEquals(Status.DOWN, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("error").toString().contains("Connect"),
                response.getData().toString());
    }

    @Test
    void downWhenTheCredentialsAreRefused() {
        var check = new BrokerReadinessCheck(
                BrokerSettings.factory("127.0.0.1", 5672, "guest", "wrong-password", "/", Duration.ofSeconds(2)));
        assertEquals(Status.DOWN, check.call().getStatus());
    }

    private static BrokerReadinessCheck check(int port) {
        return new BrokerReadinessCheck(
                BrokerSettings.factory("127.0.0.1", port, "guest", "guest", "/", Duration.ofSeconds(2)));
    }
}
