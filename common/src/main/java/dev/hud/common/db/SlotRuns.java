package dev.hud.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Scheduled work that runs once per time slot however many replicas run it: each replica tries to
 * insert the {@code (job, slot)} row of a run table; the one whose insert lands runs the slot, the
 * others skip it. The row then records who ran it, when it ended and how.
 *
 * <p>A run table has a job name column (its name varies), {@code slot}, {@code instance},
 * {@code started_at} (default now()), {@code finished_at}, {@code outcome} and {@code detail}, with
 * the primary key (job, slot).
 */
public final class SlotRuns {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final String claim;
    private final String finish;

    /** {@code table} and {@code jobColumn} are SQL identifiers (they are put into the statements). */
    public SlotRuns(String table, String jobColumn) {
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(jobColumn).matches()) {
            throw new IllegalArgumentException("not SQL identifiers: " + table + ", " + jobColumn);
        }
        this.claim = "INSERT INTO " + table + " (" + jobColumn
                + ", slot, instance) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        this.finish = "UPDATE " + table + " SET finished_at = now(), outcome = ?, detail = ? WHERE " + jobColumn
                + " = ? AND slot = ?";
    }

    /** The slot a time falls in, for work run every {@code periodMillis}: the same on every replica. */
    public static Instant slotOf(Instant now, long periodMillis) {
        return Instant.ofEpochMilli(now.toEpochMilli() / periodMillis * periodMillis);
    }

    /** Whether this replica claimed the slot (and so runs it). */
    public boolean claim(Connection connection, String job, Instant slot, String instance) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(claim)) {
            statement.setString(1, job);
            statement.setTimestamp(2, Timestamp.from(slot));
            statement.setString(3, instance);
            return statement.executeUpdate() == 1;
        }
    }

    /** Records the end of a claimed run. */
    public void finish(Connection connection, String job, Instant slot, String outcome, String detail)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(finish)) {
            statement.setString(1, outcome);
            statement.setString(2, detail);
            statement.setString(3, job);
            statement.setTimestamp(4, Timestamp.from(slot));
            statement.executeUpdate();
        }
    }
}
