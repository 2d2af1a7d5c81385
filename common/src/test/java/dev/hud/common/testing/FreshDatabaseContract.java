package dev.hud.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What every service with a database promises: started against a database that does not exist,
 * it creates it and applies every migration it ships. A service's test extends this with a test
 * profile that sets {@code hud.database.name} to {@link #NAME}.
 */
public abstract class FreshDatabaseContract {

    /** Unique per test JVM, so a run never meets a database an earlier run left behind. */
    public static final String NAME = TestDatabases.uniqueName("hud_fresh");

    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    @Test
    void createsTheDatabaseAndAppliesEveryMigration() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            assertEquals(NAME, connection.getCatalog());
        }
        List<String> shipped = Arrays.stream(flyway.info().all()).map(m -> m.getVersion().getVersion()).toList();
        assertFalse(shipped.isEmpty(), "the service ships migrations");
        assertEquals(shipped, TestDatabases.appliedMigrations(dataSource));
        assertEquals(0, flyway.info().pending().length);
    }

    /**
     * During a rolling upgrade (or after a rollback) a replica of the previous release restarts against a schema that a
     * newer replica already migrated: it must start, not refuse the newer migration it does not know (migrations are
     * additive).
     */
    @Test
    void startsAgainstASchemaANewerReleaseMigrated() throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                            + " installed_by, execution_time, success) SELECT max(installed_rank) + 1,"
                            + " '999', 'from a newer release', 'SQL',"
                            + " 'V999__from_a_newer_release.sql', 0, current_user, 1, true FROM flyway_schema_history");
            try {
                flyway.validate();
                flyway.migrate();
            } finally {
                statement.execute("DELETE FROM flyway_schema_history WHERE version = '999'");
            }
        }
    }

    @AfterAll
    static void dropTheDatabase() throws SQLException {
        TestDatabases.drop(NAME);
    }
}
