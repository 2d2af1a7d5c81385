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

    @AfterAll
    static void dropTheDatabase() throws SQLException {
        TestDatabases.drop(NAME);
    }
}
