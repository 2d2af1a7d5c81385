package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RabbitMQ restarted ({@code rabbitmqctl stop_app}, {@code start_app}) in the middle of a job: the
 * services that use it say they are not ready, reconnect by themselves when it is back, and the job
 * ends with every trial once; work submitted afterwards runs too.
 */
class BrokerRestartIT {

    private static final List<String> BROKER_USERS = List.of("gateway", "trainer", "sensors");

    @RegisterExtension
    static final HudSystem system = new HudSystem("broker-restart");

    @Test
    void everyServiceReconnectsAndNoMessageIsLost() throws Exception {
        Api admin = new Api(system.url()).login("admin", system.adminPassword());
        String jobId = Jobs.submit(admin, "broker restart", 60);
        try (var events = admin.events("/api/training-jobs/" + jobId + "/events")) {
            Jobs.firstRunningTrial(events, 60);
        }

        try {
            Shell.run(60, "rabbitmqctl", "-q", "stop_app").assertSucceeded("rabbitmqctl stop_app");
            Readiness.await(system, BROKER_USERS, 503, 20);
            assertEquals(200, Readiness.status(system.management("cdn")), "the cdn needs no broker");
            Thread.sleep(5_000);
        } finally {
            startApp();
        }
        Readiness.await(system, BROKER_USERS, 200, 90);

        Jobs.assertCompletedOnce(system, admin, jobId, 300);

        // Every link works again: new work is published, consumed, reported; heartbeats and samples flow.
        String after = Jobs.submit(admin, "after the restart", 5);
        Jobs.assertCompletedOnce(system, admin, after, 120);
        JsonNode workers = Api.json(admin.get("/api/monitor/workers"));
        assertTrue(workers.findValuesAsText("status").contains("alive"),
                "the trainer's heartbeats arrive again: " + workers);
        try (var samples = new Api(system.url()).events("/api/sensors/stream")) {
            assertNotNull(samples.next(10), "samples are streamed again");
        }
    }

    private static void startApp() throws Exception {
        Shell.run(120, "rabbitmqctl", "-q", "start_app").assertSucceeded("rabbitmqctl start_app");
        Shell.run(120, "rabbitmqctl", "-q", "await_startup").assertSucceeded("rabbitmqctl await_startup");
    }
}
