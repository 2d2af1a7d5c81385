package dev.hud.gateway.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.hud.common.db.SlotRuns;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Runs a scheduled job once per time slot across every replica ({@link SlotRuns} on
 * {@code schedule_run}, as sensors does on its {@code job_run}), records how each run ended, lists
 * the latest runs for the monitor and forgets old ones.
 */
@ApplicationScoped
public class OncePerSlot {

    private static final Logger LOG = Logger.getLogger(OncePerSlot.class);

    private static final SlotRuns RUNS = new SlotRuns("schedule_run", "name");

    private final DataSource database;
    private final EntityManager entities;
    private final ScheduleConfig config;
    private volatile boolean stopping;

    OncePerSlot(DataSource database, EntityManager entities, ScheduleConfig config) {
        this.database = database;
        this.entities = entities;
        this.config = config;
    }

    /**
     * The scheduler may still fire while the application stops (a cron trigger was seen firing after the
     * stop): a stopping replica claims no slot, so that a running one takes it instead of this one failing it.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Runs {@code work} if this replica claims the slot; {@code work} returns a line on what it did. */
    public boolean run(String name, Instant slot, Callable<String> work) {
        if (stopping) {
            return false;
        }
        try (Connection connection = database.getConnection()) {
            if (!RUNS.claim(connection, name, slot, config.instance())) {
                return false;
            }
        } catch (SQLException e) {
            LOG.warnf("%s: slot %s not claimed (database away?): %s", name, slot, e.getMessage());
            return false;
        }
        String outcome = "ok";
        String detail;
        try {
            detail = work.call();
        } catch (Exception e) {
            outcome = "failed";
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "scheduled job %s failed", name);
        }
        try (Connection connection = database.getConnection()) {
            RUNS.finish(connection, name, slot, outcome, detail);
        } catch (SQLException e) {
            LOG.warnf("%s: the end of slot %s not recorded (the prune closes it): %s", name, slot, e.getMessage());
        }
        return true;
    }

    /** The latest runs of a job, newest first. */
    @SuppressWarnings("unchecked")
    public List<ScheduleRun> recent(String name, int count) {
        List<Object[]> rows = entities
                .createNativeQuery("SELECT name, slot, instance, started_at, finished_at, outcome, detail"
                        + " FROM schedule_run WHERE name = ?1 ORDER BY slot DESC LIMIT ?2")
                .setParameter(1, name).setParameter(2, count)
                .getResultList();
        return rows.stream()
                .map(row -> new ScheduleRun((String) row[0], time(row[1]), (String) row[2], time(row[3]), time(row[4]),
                        (String) row[5], (String) row[6]))
                .toList();
    }

    /**
     * Forgets runs older than the configured time, and closes the record of runs that never ended (their
     * replica stopped or died mid-run) as failed.
     */
    public int prune() {
        return QuarkusTransaction.requiringNew().call(() -> {
            entities.createNativeQuery("UPDATE schedule_run SET outcome = 'failed', finished_at = now(),"
                    + " detail = 'interrupted: the replica stopped during the run' WHERE outcome = 'running'"
                    + " AND started_at < now() - interval '10 minutes'").executeUpdate();
            return entities
                    .createNativeQuery("DELETE FROM schedule_run WHERE started_at < now() - make_interval(secs => ?1)")
                    .setParameter(1, (double) config.keepRuns().toSeconds()).executeUpdate();
        });
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}
