package dev.hud.sensors.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day partitions of a table partitioned by V4 ({@code sample}, {@code sample_minute}): {@code <table>_pYYYYMMDD}
 * holds one UTC day, {@code <table>_default} everything else. Creating is idempotent (any replica may try); dropping
 * removes whole days past the retention, and what the DEFAULT partition holds past it is deleted row by row.
 */
record DayPartitions(String table, String key) {

    static final DayPartitions SAMPLES = new DayPartitions("sample", "taken_at");
    static final DayPartitions ROLLUPS = new DayPartitions("sample_minute", "minute");

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** Creates the partitions of the days {@code from} to {@code from + ahead}; how many were new. */
    int createAhead(Connection connection, Instant from, int ahead) throws SQLException {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        int created = 0;
        try (Statement settings = connection.createStatement();
                PreparedStatement create = connection.prepareStatement("SELECT sensors_day_partition(?, ?, ?)")) {
            // Creating a day locks the DEFAULT partition: give up (and retry next run) rather than queue writers.
            settings.execute("SET lock_timeout = '5s'");
            try {
                for (int i = 0; i <= ahead; i++) {
                    create.setString(1, table);
                    create.setString(2, key);
                    create.setObject(3, first.plusDays(i));
                    try (ResultSet row = create.executeQuery()) {
                        row.next();
                        created += row.getBoolean(1) ? 1 : 0;
                    }
                }
            } finally {
                settings.execute("RESET lock_timeout");
            }
        }
        return created;
    }

    /** The days that have a partition, oldest first. */
    List<LocalDate> days(Connection connection) throws SQLException {
        Pattern name = Pattern.compile(Pattern.quote(table) + "_p(\\d{8})");
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?) ORDER BY c.relname")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Matcher day = name.matcher(rows.getString(1));
                    if (day.matches()) {
                        days.add(LocalDate.parse(day.group(1), DAY));
                    }
                }
            }
        }
        return days;
    }

    /**
     * Drops the partitions whose whole day is before {@code cutoff} (so a day is kept until all of it is past the
     * retention: at most a day longer than asked); how many.
     */
    int dropBefore(Connection connection, Instant cutoff) throws SQLException {
        int dropped = 0;
        for (LocalDate day : days(connection)) {
            if (day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                break;
            }
            try (Statement statement = connection.createStatement()) {
                // Dropping a partition locks the whole table: give up (and retry next run) rather than queue writers.
                statement.execute("SET lock_timeout = '5s'");
                try {
                    statement.execute("DROP TABLE IF EXISTS " + table + "_p" + DAY.format(day));
                } finally {
                    statement.execute("RESET lock_timeout");
                }
            }
            dropped++;
        }
        return dropped;
    }

    /** Deletes the rows of the DEFAULT partition before {@code cutoff}; how many. */
    int deleteDefaultBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement delete = connection
                .prepareStatement("DELETE FROM " + table + "_default WHERE " + key + " < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        }
    }
}
