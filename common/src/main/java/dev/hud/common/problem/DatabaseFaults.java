package dev.hud.common.problem;

import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What a database error says about the request: a database that is away (stopped, restarting,
 * unreachable, out of connections) is a 503 the client may retry; a value it refuses to store is the
 * client's 400; anything else is a bug (500).
 */
final class DatabaseFaults {

    private DatabaseFaults() {
    }

    /** Whether {@code e}, or anything that caused it, says the database could not be reached or used. */
    static boolean unavailable(Throwable e) {
        return anyCause(e, sql -> {
            String state = sql.getSQLState();
            if (state == null) {
                // Agroal's pool, when no connection could be had in time ("Sorry, acquisition timeout!").
                return sql.getMessage() != null
                        && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
            }
            // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
            return state.startsWith("08") || state.startsWith("57P");
        });
    }

    /**
     * Whether the database refused a value of the request (SQL class 22, data exception: a NUL byte, a text too long).
     */
    static boolean rejectedValue(Throwable e) {
        return anyCause(e, sql -> sql.getSQLState() != null && sql.getSQLState().startsWith("22"));
    }

    private static boolean anyCause(Throwable e, Predicate<SQLException> test) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && test.test(sql)) {
                return true;
            }
        }
        return false;
    }
}
