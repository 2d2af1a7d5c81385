package dev.hud.common.db;

import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * What a service with a database does before it serves: make sure its database exists (when
 * allowed), then apply the Flyway migrations. Services call it from a start-up observer; Quarkus'
 * own migrate-at-start is off because it would run before the database could be created.
 */
public final class DatabaseStartup {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class);

    private DatabaseStartup() {
    }

    public static void prepare(String jdbcUrl, String user, String password, boolean createIfMissing, Flyway flyway) {
        if (createIfMissing) {
            try {
                if (PostgresDatabases.createIfMissing(jdbcUrl, user, password)) {
                    LOG.infof("Created database %s", PostgresDatabases.databaseName(jdbcUrl));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the database of " + jdbcUrl + ": " + e.getMessage(), e);
            }
        }
        var result = flyway.migrate();
        LOG.infof("Database %s at schema version %s (%d migrations applied now)",
                PostgresDatabases.databaseName(jdbcUrl), result.targetSchemaVersion, result.migrationsExecuted);
    }
}
