package dev.hud.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Runs against the PostgreSQL server on 127.0.0.1:5432 (trust auth), as every HUD test does. */
class PostgresDatabasesTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Test
    void createsAMissingDatabaseOnceAndThenLeavesItAlone() throws SQLException {
        String name = "hud_create_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = SERVER + name;
        try {
            assertTrue(PostgresDatabases.createIfMissing(url, "postgres", ""), "first call creates it");
            assertFalse(PostgresDatabases.createIfMissing(url, "postgres", ""), "second call finds it");
            try (var connection = DriverManager.getConnection(url, "postgres", "")) {
                assertTrue(connection.isValid(2), "the new database accepts connections");
            }
        } finally {
            try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                    var statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void keepsServerAndParametersWhenSwitchingToTheMaintenanceDatabase() {
        assertEquals("jdbc:postgresql://db.example:6543/postgres?sslmode=require",
                PostgresDatabases.maintenanceUrl("jdbc:postgresql://db.example:6543/hud_gateway?sslmode=require"));
        assertEquals("hud_gateway",
                PostgresDatabases.databaseName("jdbc:postgresql://db.example:6543/hud_gateway?sslmode=require"));
    }

    @Test
    void refusesNamesItWouldHaveToQuote() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> PostgresDatabases.databaseName("jdbc:postgresql://localhost/hud;DROP"));
        assertTrue(error.getMessage().contains("hud;DROP"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PostgresDatabases.databaseName("jdbc:mysql://localhost/hud"));
    }

    @Test
    void reportsAnUnreachableServer() {
        assertThrows(SQLException.class,
                () -> PostgresDatabases.createIfMissing("jdbc:postgresql://127.0.0.1:1/hud_nowhere?connectTimeout=2",
                        "postgres", ""));
    }
}
