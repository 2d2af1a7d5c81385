package dev.hud.sensors.database;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

import dev.hud.common.db.DatabaseStartup;
import io.quarkus.runtime.StartupEvent;

/**
 * First of all start-up work: creates the telemetry database when allowed, then migrates it, before the first request.
 */
@ApplicationScoped
class DatabaseMigration {

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event, DatabaseConfig config,
            Flyway flyway,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        if (config.migrateAtStart()) {
            DatabaseStartup.prepare(url, user.orElse(null), password.orElse(null), config.createIfMissing(), flyway);
        }
    }
}
