package dev.hud.sensors.storage;

import static dev.hud.sensors.SignedIn.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
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
        for (String table : List.of("sample", "sample_minute")) {
            for (LocalDate day : days(table)) {
                if (day.getYear() == 2099) {
                    execute("DROP TABLE " + table + "_p" + day.toString().replace("-", ""));
                }
            }
        }
        // A week earlier the job made that week's partitions (and days ahead).
        assertTrue(retention.run(now.minus(8, ChronoUnit.DAYS)).isPresent());
        insert(minute.plusSeconds(1), 1, 40f, 10f); // no partition for that day yet: DEFAULT
        insert(minute.plusSeconds(2), 2, 44f, 30f);
        insert(now.minus(8, ChronoUnit.DAYS), 3, 70f, 90f); // past the 7-day retention, in its day's partition
        insert(now.minus(30, ChronoUnit.DAYS), 4, 70f, 90f); // past it too, in DEFAULT
        assertEquals(List.of("sample_default", "sample_default", "sample_p20990221", "sample_default"), partitions());

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
        assertTrue(ran.get(0).rawDeleted() >= 1, "the 30-day-old sample deleted from DEFAULT: " + ran.get(0));
        assertTrue(ran.get(0).partitionsDropped() >= 1, "the day 8 days ago dropped: " + ran.get(0));
        assertEquals(8, ran.get(0).partitionsCreated(), "today and 3 ahead, samples and roll-ups: " + ran.get(0));
        assertEquals(List.of("sample_p20990301", "sample_p20990301"), partitions(),
                "today's samples moved out of DEFAULT into today's new partition");
        assertTrue(days("sample_minute").contains(LocalDate.parse("2099-03-04")), "roll-up days created ahead");
        assertTrue(days("sample_minute").contains(LocalDate.parse("2099-02-21")), "roll-ups are kept 90 days");
        assertTrue(days("sample").contains(LocalDate.parse("2099-02-22")), "a day not wholly past 7 days is kept");

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
            assertEquals(2, rows.getInt(1), "the 8- and 30-day-old samples are gone");
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

    private List<LocalDate> days(String table) throws SQLException {
        try (var connection = database.getConnection()) {
            return new DayPartitions(table, "").days(connection);
        }
    }

    /** The partition each of this test's samples is in, by seq. */
    private List<String> partitions() throws SQLException {
        List<String> partitions = new ArrayList<>();
        try (var connection = database.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT tableoid::regclass::text FROM sample WHERE node = '" + NODE
                        + "' ORDER BY seq")) {
            while (rows.next()) {
                partitions.add(rows.getString(1));
            }
        }
        return partitions;
    }

    private void execute(String sql) throws SQLException {
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
