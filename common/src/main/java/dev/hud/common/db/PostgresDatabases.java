package dev.hud.common.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates a service's own PostgreSQL database when it does not exist yet.
 *
 * <p>Each service owns a database (docs/architecture.md, Data). On a developer machine or in CI nobody
 * creates them by hand: the service connects to the server's maintenance database and issues
 * {@code CREATE DATABASE} before its migrations run. In production the databases are provisioned
 * by the platform, and this step is switched off.
 */
public final class PostgresDatabases {

    /** PostgreSQL identifiers we are willing to create: plain, lower-case, unquoted. */
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final String MAINTENANCE_DATABASE = "postgres";

    /** SQLSTATE 42P04: duplicate_database, when another instance created it first. */
    private static final String DUPLICATE_DATABASE = "42P04";

    private PostgresDatabases() {
    }

    /**
     * Creates the database named in {@code jdbcUrl} if it is missing.
     *
     * @return {@code true} if this call created it, {@code false} if it already existed
     * @throws SQLException if the server cannot be reached or refuses
     */
    public static boolean createIfMissing(String jdbcUrl, String user, String password) throws SQLException {
        String database = databaseName(jdbcUrl);
        try (Connection connection = DriverManager.getConnection(maintenanceUrl(jdbcUrl), user, password)) {
            if (exists(connection, database)) {
                return false;
            }
            try (Statement statement = connection.createStatement()) {
                // CREATE DATABASE takes no bind parameters; the name was checked against SAFE_NAME.
                statement.execute("CREATE DATABASE " + database);
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        }
    }

    /** The database part of {@code jdbc:postgresql://host:port/name?params}. */
    static String databaseName(String jdbcUrl) {
        URI uri = parse(jdbcUrl);
        String path = uri.getPath();
        String name = path == null ? "" : path.replaceFirst("^/", "");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name '" + name + "' in " + jdbcUrl
                    + " is not a plain lower-case identifier; create it by hand");
        }
        return name;
    }

    /** The same server and parameters, pointing at the maintenance database. */
    static String maintenanceUrl(String jdbcUrl) {
        URI uri = parse(jdbcUrl);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getRawAuthority() + "/" + MAINTENANCE_DATABASE + query;
    }

    private static URI parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
