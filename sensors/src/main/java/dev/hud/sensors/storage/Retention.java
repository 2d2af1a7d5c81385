package dev.hud.sensors.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hud.common.db.SlotRuns;
import dev.hud.sensors.node.AgentSkips;
import dev.hud.sensors.node.NodeIdentity;
import io.quarkus.scheduler.Scheduled;

/**
 * Every minute, once however many replicas run (a row per slot in job_run decides who): creates the day partitions
 * of the raw samples and roll-ups from today to {@code hud.sensors.partitions.ahead} days ahead (moving rows of those
 * days out of the DEFAULT partitions), rolls the recent raw samples up into one-minute rows (again over the last 90
 * minutes, so samples stored late after a database outage are counted), then drops the day partitions past their
 * retention and deletes what the DEFAULT partitions hold past it.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final String JOB = "sensors-retention";
    private static final Duration REROLL = Duration.ofMinutes(90);

    private static final String ROLL_UP = """
            INSERT INTO sample_minute (node, minute, core, samples, temp_avg, temp_min, temp_max, util_avg,
            util_min, util_max)
            SELECT s.node, date_trunc('minute', s.taken_at), c.core - 1, count(*), avg(c.t), min(c.t), max(c.t),
                   avg(c.u), min(c.u), max(c.u)
            FROM sample s, unnest(s.core_temp_c, s.core_util_pct) WITH ORDINALITY AS c(t, u, core)
            WHERE s.taken_at >= ? AND s.taken_at < ?
            GROUP BY s.node, date_trunc('minute', s.taken_at), c.core
            ON CONFLICT (node, minute, core) DO UPDATE SET samples = excluded.samples, temp_avg = excluded.temp_avg,
                temp_min = excluded.temp_min, temp_max = excluded.temp_max, util_avg = excluded.util_avg,
                util_min = excluded.util_min, util_max = excluded.util_max""";

    private static final SlotRuns RUNS = new SlotRuns("job_run", "job");

    // By lookup: an agent has no datasource (inactive), and a static injection point would fail its start.
    private final Instance<DataSource> database;
    private final String instance;
    private final Duration rawRetention;
    private final Duration rollupRetention;
    private final int ahead;

    Retention(Instance<DataSource> database, NodeIdentity node,
            @ConfigProperty(name = "hud.sensors.retention.raw",
                    defaultValue = "7d") String raw,
            @ConfigProperty(name = "hud.sensors.retention.rollups",
                    defaultValue = "90d") String rollups,
            @ConfigProperty(name = "hud.sensors.partitions.ahead", defaultValue = "3") int ahead) {
        this.database = database;
        this.instance = node.name() + "-" + ProcessHandle.current().pid();
        this.rawRetention = days(raw);
        this.rollupRetention = days(rollups);
        this.ahead = ahead;
    }

    /**
     * What one run did: day partitions created and dropped (raw and roll-ups together), rows deleted from the DEFAULT
     * partitions.
     */
    public record Outcome(int rolledUp, int partitionsCreated, int partitionsDropped, int rawDeleted,
            int rollupsDeleted) {
    }

    @Scheduled(every = "${hud.sensors.retention.every:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = AgentSkips.class)
    void scheduled() {
        try {
            run(Instant.now()).ifPresent(outcome -> LOG.debugf("retention: %s", outcome));
        } catch (SQLException e) {
            LOG.warnf("retention did not run: %s", e.getMessage());
        }
    }

    /** Runs the slot of {@code now} unless another replica already claimed it; empty if it did. */
    public Optional<Outcome> run(Instant now) throws SQLException {
        Instant slot = now.truncatedTo(ChronoUnit.MINUTES);
        try (Connection connection = database.get().getConnection()) {
            if (!RUNS.claim(connection, JOB, slot, instance)) {
                return Optional.empty();
            }
            Outcome outcome;
            try {
                int created = DayPartitions.SAMPLES.createAhead(connection, now, ahead)
                        + DayPartitions.ROLLUPS.createAhead(connection, now, ahead);
                int rolled = update(connection, ROLL_UP, slot.minus(REROLL), slot);
                int dropped = DayPartitions.SAMPLES.dropBefore(connection, now.minus(rawRetention))
                        + DayPartitions.ROLLUPS.dropBefore(connection, now.minus(rollupRetention));
                int raw = DayPartitions.SAMPLES.deleteDefaultBefore(connection, now.minus(rawRetention));
                int rollups = DayPartitions.ROLLUPS.deleteDefaultBefore(connection, now.minus(rollupRetention));
                outcome = new Outcome(rolled, created, dropped, raw, rollups);
                RUNS.finish(connection, JOB, slot, outcome.toString(), null);
            } catch (SQLException e) {
                RUNS.finish(connection, JOB, slot, "failed: " + e.getMessage(), null);
                throw e;
            }
            return Optional.of(outcome);
        }
    }

    private static int update(Connection connection, String sql, Instant... times) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < times.length; i++) {
                statement.setTimestamp(i + 1, Timestamp.from(times[i]));
            }
            return statement.executeUpdate();
        }
    }

    private static Duration days(String value) {
        String text = value.strip().toLowerCase();
        return text.endsWith("d") ? Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)))
                : Duration.parse(value);
    }
}
