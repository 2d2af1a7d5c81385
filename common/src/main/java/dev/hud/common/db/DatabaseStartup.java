package dev.hud.common.db;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;

/**
 * What a service with a database (gateway, sensors) does first of all, before it serves: make sure its database exists
 * (when {@code hud.database.create-if-missing}: dev, tests, {@code ./hud up}), then apply the Flyway migrations (unless
 * {@code hud.database.migrate-at-start=false}). Quarkus' own migrate-at-start is off because it would run before the
 * database could be created. Services without a datasource (trainer, cdn) do not get this bean.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class DatabaseStartup {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class);

    // Flyway by lookup: a process that migrates nothing (a sensors agent, whose datasource is inactive) never makes it.
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event, Instance<Flyway> flyway,
            @ConfigProperty(name = "hud.database.create-if-missing", defaultValue = "false") boolean createIfMissing,
            @ConfigProperty(name = "hud.database.migrate-at-start", defaultValue = "true") boolean migrateAtStart,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        if (migrateAtStart) {
            prepare(url.orElseThrow(() -> new IllegalStateException("quarkus.datasource.jdbc.url is not set")),
                    user.orElse(null), password.orElse(null), createIfMissing, flyway.get());
        }
    }

    static void prepare(String jdbcUrl, String user, String password, boolean createIfMissing, Flyway flyway) {
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
