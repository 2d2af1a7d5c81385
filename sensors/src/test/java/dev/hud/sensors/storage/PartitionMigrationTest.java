package dev.hud.sensors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hud.common.testing.TestDatabases;

/**
 * V4 converts a telemetry database of the previous release into day partitions without losing a row, and the
 * partitions are then kept (created ahead, rows moved out of DEFAULT, dropped) by the database's owner, who is not a
 * superuser: as in Kubernetes, where the sensors connect as {@code hud_sensors}, owner of {@code hud_telemetry}.
 */
class PartitionMigrationTest {

    private static final String OWNER = TestDatabases.uniqueName("hud_owner");
    private static final String NAME = TestDatabases.uniqueName("hud_partitions");
    /** Noon (UTC) of today and of yesterday: days V4 makes partitions for. */
    private static final Instant TODAY = LocalDate.now(ZoneOffset.UTC).atTime(12, 0).toInstant(ZoneOffset.UTC);

    @BeforeAll
    static void database() throws SQLException {
        try (var admin = DriverManager.getConnection(TestDatabases.SERVER + "postgres", "postgres", "");
                var statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            statement.execute("CREATE DATABASE " + NAME + " OWNER " + OWNER);
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        TestDatabases.drop(NAME);
        try (var admin = DriverManager.getConnection(TestDatabases.SERVER + "postgres", "postgres", "");
                var statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + OWNER);
        }
    }

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(TestDatabases.SERVER + NAME, OWNER, "")
                .locations("classpath:db/migration").target(target).load();
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(TestDatabases.SERVER + NAME, OWNER, "");
    }

    @Test
    void convertsAnExistingDatabaseAndKeepsItsPartitions() throws SQLException {
        flyway("3").migrate();
        Instant yesterday = TODAY.minus(1, ChronoUnit.DAYS);
        Instant future = Instant.parse("2099-06-01T10:00:00Z"); // a node's clock far ahead: no partition for it
        Instant ancient = Instant.parse("2001-01-01T00:00:00Z"); // outside the window V4 makes partitions for
        try (var connection = owner()) {
            for (int seq = 0; seq < 50; seq++) {
                insertSample(connection, "node-a", yesterday.plusMillis(seq * 100L), seq);
                insertSample(connection, "node-b", TODAY.plusMillis(seq * 100L), seq);
            }
            insertSample(connection, "node-a", future, 100);
            insertSample(connection, "node-a", ancient, 101);
            execute(connection, "INSERT INTO sample_minute (node, minute, core, samples, util_avg, util_min, util_max)"
                    + " VALUES ('node-a', '" + Timestamp.from(yesterday.truncatedTo(ChronoUnit.MINUTES))
                    + "', 0, 600, 1, 0, 2), ('node-a', '2099-06-01 10:00:00+00', 0, 600, 1, 0, 2)");
        }
        List<String> before = rows("SELECT node || ' ' || taken_at || ' ' || seq FROM sample ORDER BY 1");
        List<String> minutesBefore = rows("SELECT node || ' ' || minute || ' ' || core FROM sample_minute ORDER BY 1");

        flyway("latest").migrate();

        assertEquals(before, rows("SELECT node || ' ' || taken_at || ' ' || seq FROM sample ORDER BY 1"),
                "every sample of the old table is in the partitioned one");
        assertEquals(minutesBefore, rows("SELECT node || ' ' || minute || ' ' || core FROM sample_minute ORDER BY 1"));
        assertEquals(List.of("p", "p"), rows("SELECT relkind::text FROM pg_class WHERE relname IN ('sample',"
                + " 'sample_minute') ORDER BY relname"), "both are partitioned tables");
        assertEquals(List.of("node,taken_at,seq"), rows("SELECT string_agg(a.attname, ',' ORDER BY k.ord)"
                + " FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, ord), pg_attribute a"
                + " WHERE i.indrelid = 'sample'::regclass AND i.indisprimary AND a.attrelid = i.indrelid"
                + " AND a.attnum = k.attnum"), "the primary key holds the partition key");
        assertEquals(List.of(DayPartitions.SAMPLES.table() + "_p" + day(yesterday)),
                rows("SELECT DISTINCT tableoid::regclass::text FROM sample WHERE node = 'node-a' AND seq < 50"));
        assertEquals(List.of("sample_default"), rows("SELECT DISTINCT tableoid::regclass::text FROM sample"
                + " WHERE seq IN (100, 101)"), "a sample outside the created days lands in DEFAULT");
        assertTrue(rows("SELECT relname FROM pg_class WHERE relname LIKE 'sample%v3%'").isEmpty(),
                "the old tables are gone");

        try (var connection = owner()) {
            List<LocalDate> days = DayPartitions.SAMPLES.days(connection);
            assertTrue(days.contains(LocalDate.ofInstant(TODAY, ZoneOffset.UTC).plusDays(2)), "days ahead: " + days);
            // The job reaches the day of the skewed sample: it moves out of DEFAULT into its partition.
            assertEquals(2, DayPartitions.SAMPLES.createAhead(connection, future, 1));
            assertEquals(0, DayPartitions.SAMPLES.createAhead(connection, future, 1), "idempotent");
            assertEquals(1, DayPartitions.ROLLUPS.createAhead(connection, future, 0));
            assertEquals(List.of("sample_p20990601"),
                    rows("SELECT tableoid::regclass::text FROM sample WHERE seq = 100"));
            assertEquals(List.of("sample_minute_p20990601"),
                    rows("SELECT tableoid::regclass::text FROM sample_minute WHERE minute > '2099-01-01'"));

            // Retention reaching just past yesterday: its day is dropped whole, today's is kept, DEFAULT is deleted.
            Instant cutoff = TODAY.truncatedTo(ChronoUnit.DAYS).plusSeconds(1);
            int dropped = DayPartitions.SAMPLES.dropBefore(connection, cutoff);
            assertTrue(dropped >= 1, "dropped " + dropped);
            assertFalse(DayPartitions.SAMPLES.days(connection).contains(LocalDate.ofInstant(yesterday,
                    ZoneOffset.UTC)));
            assertEquals(1, DayPartitions.SAMPLES.deleteDefaultBefore(connection, cutoff), "the 2001 sample");
        }
        assertEquals(List.of("50"), rows("SELECT count(*) FROM sample WHERE node = 'node-b'"));
        assertEquals(List.of("0"), rows("SELECT count(*) FROM sample WHERE node = 'node-a' AND seq < 50"));
        assertEquals(List.of("1"), rows("SELECT count(*) FROM sample WHERE seq = 100"), "the future day is kept");
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString().replace("-", "");
    }

    private static void insertSample(Connection connection, String node, Instant at, long seq) throws SQLException {
        try (var insert = connection.prepareStatement(
                "INSERT INTO sample (node, taken_at, seq, core_util_pct) VALUES (?, ?, ?, '{1,2}')")) {
            insert.setString(1, node);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setLong(3, seq);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var connection = owner();
                var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
