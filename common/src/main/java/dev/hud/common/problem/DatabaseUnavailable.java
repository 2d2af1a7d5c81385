package dev.hud.common.problem;

import java.sql.SQLException;

/**
 * Tells a database that is away (stopped, restarting, unreachable, out of connections) from a bug:
 * the first is a 503 the client may retry, the second a 500.
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /** Whether {@code e}, or anything that caused it, says the database could not be reached or used. */
    static boolean causedBy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's pool, when no connection could be had in time.
            return e.getMessage() != null && e.getMessage().startsWith("Acquisition timeout");
        }
        // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
        return state.startsWith("08") || state.startsWith("57P");
    }
}
