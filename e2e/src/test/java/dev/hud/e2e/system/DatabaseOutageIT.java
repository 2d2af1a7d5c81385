package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped for 30 s: the sensors keep streaming and keep their samples in memory, then
 * store them when it is back; the gateway answers 503 with Retry-After meanwhile (never 500), and
 * recovers by itself.
 */
class DatabaseOutageIT {

    private static final int OUTAGE_SECONDS = 30;
    private static final String CLUSTER = "pg_ctlcluster";

    @RegisterExtension
    static final HudSystem system = new HudSystem("database-outage");

    @Test
    void sensorsBufferAndTheGatewayAnswers503UntilItIsBack() throws Exception {
        Api admin = new Api(system.url()).login("admin", system.adminPassword());
        String node = Api.json(new Api(system.url()).get("/api/sensors/node")).path("node").asText();
        int streamed = 0;
        long stoppedAt;
        long startedAt;
        try (var samples = new Api(system.url()).events("/api/sensors/stream")) {
            stoppedAt = System.currentTimeMillis();
            try {
                cluster("stop");
                Readiness.await(system, List.of("gateway", "sensors"), 503, 20);
                assertEquals(200, Readiness.status(system.management("trainer")), "the trainer needs no database");
                expectUnavailable(admin.get("/api/training-jobs"));
                expectUnavailable(admin.post("/api/training-jobs",
                        "{\"grid\": {\"learningRate\": [0.03], \"momentum\": [0.4]}}"));
                expectUnavailable(new Api(system.url()).post("/api/auth/token",
                        "{\"username\": \"admin\", \"password\": \"x\"}"));
                expectUnavailable(admin.get("/api/account"));
                long until = stoppedAt + OUTAGE_SECONDS * 1000L;
                while (System.currentTimeMillis() < until) {
                    if (samples.next(1) != null) {
                        streamed++;
                    }
                }
            } finally {
                startedAt = System.currentTimeMillis();
                startPostgres();
            }
        }
        int expected = OUTAGE_SECONDS * 10;
        assertTrue(streamed >= expected * 0.8,
                "the stream went on at 10 Hz without the database: " + streamed + " samples");

        // Back by itself: ready again, the API answers, and the samples of the outage were stored.
        Readiness.await(system, List.of("gateway", "sensors"), 200, 60);
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            status = admin.get("/api/training-jobs").statusCode();
            Thread.sleep(500);
        }
        assertEquals(200, status, "the gateway recovered");
        long stored = 0;
        deadline = System.currentTimeMillis() + 20_000;
        while (stored < (startedAt - stoppedAt) / 100 * 0.9 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
            stored = system.count("telemetry",
                    "SELECT count(*) FROM sample WHERE node = ? AND taken_at BETWEEN ? AND ?", node,
                    new Timestamp(stoppedAt), new Timestamp(startedAt));
        }
        assertTrue(stored >= (startedAt - stoppedAt) / 100 * 0.9,
                "the samples taken while the database was away were stored: " + stored + " in "
                        + (startedAt - stoppedAt) + " ms");
        Jobs.assertCompletedOnce(system, admin, Jobs.submit(admin, "after the outage", 5), 120);
    }

    /** 503, Retry-After, a problem body: a client knows to wait, and no stack trace leaks. */
    private static void expectUnavailable(HttpResponse<String> response) throws Exception {
        assertEquals(503, response.statusCode(), response.uri() + ": " + response.body());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), response.uri() + " has Retry-After");
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(503, Api.json(response).path("status").asInt());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static void cluster(String action) throws Exception {
        String version = Shell.run(10, "bash", "-c", "ls /etc/postgresql | head -1").output().trim();
        Shell.run(120, CLUSTER, "--skip-systemctl-redirect", version, "main", action)
                .assertSucceeded(CLUSTER + " " + action);
    }

    private static void startPostgres() throws Exception {
        if (Shell.run(10, "pg_isready", "-q", "-h", "127.0.0.1").exitCode() != 0) {
            cluster("start");
        }
        for (int i = 0; i < 60 && Shell.run(10, "pg_isready", "-q", "-h", "127.0.0.1").exitCode() != 0; i++) {
            Thread.sleep(1_000);
        }
    }
}
