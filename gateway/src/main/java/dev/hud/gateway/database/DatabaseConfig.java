package dev.hud.gateway.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.database")
public interface DatabaseConfig {

    /** The database's name in the local JDBC URL (dev, test); production sets the whole URL. */
    String name();

    /** Issue CREATE DATABASE when the configured database does not exist (dev, test, ./hud up). */
    @WithDefault("false")
    boolean createIfMissing();

    /** Apply Flyway migrations before the service serves. */
    @WithDefault("true")
    boolean migrateAtStart();
}
