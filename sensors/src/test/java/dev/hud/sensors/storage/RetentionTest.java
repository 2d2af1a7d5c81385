package dev.hud.sensors.storage;

import static dev.hud.sensors.SignedIn.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The retention job against the real telemetry database, claimed by several "replicas" at once. */
@QuarkusTest
class RetentionTest {

    private static final String NODE = "retention-test";

    @Inject
    DataSource database;

    @Inject
    Retention retention;

    @Test
    void runsOncePerSlotRollsUpAndForgetsOldSamples() throws Exception {
        // A slot far in the future, so the scheduler's own runs never claim it.
        Instant now = Instant.parse("2099-03-01T12:00:30Z");
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        execute("DELETE FROM sample WHERE node = '" + NODE + "'");
        execute("DELETE FROM sample_minute WHERE node = '" + NODE + "'");
        execute("DELETE FROM job_run WHERE slot >= '2099-01-01'");
        insert(minute.plusSeconds(1), 1, 40f, 10f);
        insert(minute.plusSeconds(2), 2, 44f, 30f);
        insert(now.minus(8, ChronoUnit.DAYS), 3, 70f, 90f); // past the 7-day retention

        List<Callable<Optional<Retention.Outcome>>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(() -> retention.run(now));
        }
        var pool = Executors.newFixedThreadPool(4);
        List<Retention.Outcome> ran = new ArrayList<>();
        try {
            for (var result : pool.invokeAll(replicas)) {
                result.get().ifPresent(ran::add);
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, ran.size(), "one replica ran the slot, the others skipped it");
        assertTrue(ran.get(0).rawDeleted() >= 1);

        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement
                        .executeQuery("SELECT samples, temp_avg, temp_max, util_avg FROM sample_minute WHERE node = '"
                                + NODE + "' AND core = 0")) {
            rows.next();
            assertEquals(2, rows.getInt("samples"));
            assertEquals(42f, rows.getFloat("temp_avg"));
            assertEquals(44f, rows.getFloat("temp_max"));
            assertEquals(20f, rows.getFloat("util_avg"));
        }
        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM sample WHERE node = '" + NODE + "'")) {
            rows.next();
            assertEquals(2, rows.getInt(1), "the 8-day-old sample is gone");
        }
        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT outcome, finished_at FROM job_run WHERE job = 'sensors-retention' AND slot = '"
                                + Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES)) + "'")) {
            rows.next();
            assertTrue(rows.getString("outcome").startsWith("Outcome[rolledUp="), rows.getString("outcome"));
            assertTrue(rows.getTimestamp("finished_at") != null, "each run is recorded with its end and outcome");
        }
        given().queryParams(Map.of("node", NODE, "from", minute.toString(), "to",
                minute.plusSeconds(60).toString(), "step", "1m"))
                .when().get("/api/sensors/history")
                .then().statusCode(200)
                .body("points[0].samples", Matchers.equalTo(2))
                .body("points[0].cores[0].temperatureC.avg", Matchers.equalTo(42.0f))
                .body("points[0].cores[0].utilizationPct.max", Matchers.equalTo(30.0f));
        assertTrue(retention.run(now.plusSeconds(10)).isEmpty(), "the same minute does not run twice");
        assertTrue(retention.run(now.plusSeconds(60)).isPresent(), "the next minute does");
    }

    private void insert(Instant at, long seq, float temperature, float utilization) throws SQLException {
        try (var connection = database.getConnection();
                var insert = connection.prepareStatement(
                        "INSERT INTO sample (node, taken_at, seq, core_temp_c, core_util_pct) VALUES (?, ?,"
                                + " ?, ?, ?)")) {
            insert.setString(1, NODE);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setLong(3, seq);
            insert.setArray(4, connection.createArrayOf("real", new Float[] { temperature }));
            insert.setArray(5, connection.createArrayOf("real", new Float[] { utilization }));
            insert.executeUpdate();
        }
    }

    private void execute(String sql) throws SQLException {
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
