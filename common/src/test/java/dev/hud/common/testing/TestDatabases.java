package dev.hud.common.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/** For the services' database tests, against the PostgreSQL on 127.0.0.1:5432 (trust auth). */
public final class TestDatabases {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private TestDatabases() {
    }

    /** A database name no earlier run used, e.g. {@code hud_gateway_fresh_1a2b3c4d5e}. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** The versions Flyway applied, in order; fails if one of them did not succeed. */
    public static List<String> appliedMigrations(DataSource dataSource) throws SQLException {
        List<String> applied = new ArrayList<>();
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER"
                                + " BY installed_rank")) {
            while (rows.next()) {
                if (!rows.getBoolean("success")) {
                    throw new AssertionError("migration " + rows.getString("version") + " failed");
                }
                applied.add(rows.getString("version"));
            }
        }
        return applied;
    }

    /** Drops it even while the service under test still holds connections to it. */
    public static void drop(String database) throws SQLException {
        try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                var statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
