package dev.hud.sensors.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;
import dev.hud.sensors.Durations;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code GET /api/sensors/history?node=&from=&to=&step=}: per core, the average, minimum and maximum
 * temperature and utilisation of each step, computed by PostgreSQL: from the raw samples, or for
 * steps of whole minutes from the one-minute roll-ups (which lag the present by up to a minute).
 * What one request may scan is bounded: raw samples for at most an hour, roll-ups for at most 31 days; and only
 * signed-in people may start one.
 */
@Authenticated
@Path("/api/sensors/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    static final int MAX_POINTS = 10_000;
    /**
     * The longest period read from the raw samples (10 a second per node: 36,000 rows); longer ones read the roll-ups.
     */
    static final Duration MAX_RAW_PERIOD = Duration.ofHours(1);
    /** The longest period read from the one-minute roll-ups (44,640 rows per core). */
    static final Duration MAX_PERIOD = Duration.ofDays(31);

    /** avg/min/max of one value over one step. */
    public record Stat(Double avg, Double min, Double max) {
    }

    public record CorePoint(int core, Stat temperatureC, Stat utilizationPct) {
    }

    /** @param t  start of the step, epoch milliseconds */
    public record Point(long t, int samples, List<CorePoint> cores) {
    }

    public record History(String node, long from, long to, long stepMs, List<Point> points) {
    }

    private static final String QUERY = """
            SELECT floor(extract(epoch FROM s.taken_at) * 1000 / ?)::bigint AS bucket, c.core - 1 AS core,
                   count(*) AS samples,
                   avg(c.t) AS t_avg, min(c.t) AS t_min, max(c.t) AS t_max,
                   avg(c.u) AS u_avg, min(c.u) AS u_min, max(c.u) AS u_max
            FROM sample s, unnest(s.core_temp_c, s.core_util_pct) WITH ORDINALITY AS c(t, u, core)
            WHERE s.node = ? AND s.taken_at >= ? AND s.taken_at < ?
            GROUP BY bucket, c.core
            ORDER BY bucket, c.core""";

    /**
     * Steps of whole minutes read the one-minute roll-ups (kept longer, and far fewer rows), weighted by sample count.
     */
    private static final String ROLLUP_QUERY = """
            SELECT floor(extract(epoch FROM minute) * 1000 / ?)::bigint AS bucket, core, sum(samples) AS samples,
                   sum(temp_avg * samples) / nullif(sum(CASE WHEN temp_avg IS NULL THEN 0 ELSE samples END),
                   0) AS t_avg,
                   min(temp_min) AS t_min, max(temp_max) AS t_max,
                   sum(util_avg * samples) / sum(samples) AS u_avg, min(util_min) AS u_min, max(util_max) AS u_max
            FROM sample_minute
            WHERE node = ? AND minute >= ? AND minute < ?
            GROUP BY bucket, core
            ORDER BY bucket, core""";

    // By lookup: an agent has no datasource (inactive), and a static injection point would fail its start.
    private final Instance<DataSource> database;

    HistoryResource(Instance<DataSource> database) {
        this.database = database;
    }

    @GET
    @Blocking
    @Operation(summary = "Down-sampled per-core temperature and utilisation of a node")
    public History history(@QueryParam("node") String node, @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("step") String step) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || node.isBlank()) {
            errors.add(new FieldError("node", "required"));
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        long stepMs = step(step, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (errors.isEmpty()) {
            // What a request may cost is the rows it scans, not only the points it returns.
            Duration period = Duration.between(start, end);
            if (period.compareTo(MAX_PERIOD) > 0) {
                errors.add(new FieldError("from", "a period of at most " + MAX_PERIOD.toDays() + " days"));
            } else if (period.compareTo(MAX_RAW_PERIOD) > 0 && stepMs % 60_000 != 0) {
                errors.add(new FieldError("step", "whole minutes (read from the one-minute roll-ups) for periods over "
                        + MAX_RAW_PERIOD.toHours() + " h"));
            } else if (period.toMillis() / stepMs > MAX_POINTS) {
                errors.add(new FieldError("step",
                        "gives more than " + MAX_POINTS + " points for this period: make it larger"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<Long, Point> points = new LinkedHashMap<>();
        String sql = stepMs % 60_000 == 0 ? ROLLUP_QUERY : QUERY;
        try (Connection connection = database.get().getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, stepMs);
            query.setString(2, node);
            query.setTimestamp(3, Timestamp.from(start));
            query.setTimestamp(4, Timestamp.from(end));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long bucket = rows.getLong("bucket") * stepMs;
                    Point point = points.computeIfAbsent(bucket, t -> new Point(t, 0, new ArrayList<>()));
                    int samples = rows.getInt("samples");
                    if (point.samples() < samples) {
                        point = new Point(point.t(), samples, point.cores());
                        points.put(bucket, point);
                    }
                    point.cores().add(new CorePoint(rows.getInt("core"), stat(rows, "t"), stat(rows, "u")));
                }
            }
        }
        return new History(node, start.toEpochMilli(), end.toEpochMilli(), stepMs, List.copyOf(points.values()));
    }

    private static Stat stat(ResultSet rows, String prefix) throws SQLException {
        double avg = rows.getDouble(prefix + "_avg");
        if (rows.wasNull()) {
            return null;
        }
        return new Stat(round(avg), round(rows.getDouble(prefix + "_min")), round(rows.getDouble(prefix + "_max")));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** ISO-8601 instants or epoch milliseconds. */
    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required: an ISO-8601 instant or epoch milliseconds"));
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            errors.add(new FieldError(field, "not an ISO-8601 instant or epoch milliseconds: " + value));
            return null;
        }
    }

    /** ISO-8601 (PT1S) or 250ms / 1s / 5m / 1h; at least 100 ms. */
    private static long step(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return 1000;
        }
        try {
            long millis = Durations.parse(value).toMillis();
            if (millis < 100) {
                errors.add(new FieldError("step", "at least 100ms, the sampling interval"));
            }
            return Math.max(millis, 100);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("step", "a duration such as 500ms, 1s, 5m, 1h or PT1M, got " + value));
            return 1000;
        }
    }
}
