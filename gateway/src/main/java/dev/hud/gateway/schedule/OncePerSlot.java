package dev.hud.gateway.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a scheduled job once per time slot across every replica: the replica that inserts the
 * {@code (name, slot)} row of {@code schedule_run} runs the slot, the others see the row and skip.
 * The row then records the outcome, so the monitor shows each run once with who ran it.
 */
@ApplicationScoped
public class OncePerSlot {

    private static final Logger LOG = Logger.getLogger(OncePerSlot.class);

    private final EntityManager entities;
    private final ScheduleConfig config;

    OncePerSlot(EntityManager entities, ScheduleConfig config) {
        this.entities = entities;
        this.config = config;
    }

    /** Runs {@code work} if this replica claims the slot; {@code work} returns a line on what it did. */
    public boolean run(String name, Instant slot, Callable<String> work) {
        boolean claimed;
        try {
            claimed = QuarkusTransaction.requiringNew().call(() -> entities.createNativeQuery(
                    "INSERT INTO schedule_run (name, slot, instance) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                    .setParameter(1, name).setParameter(2, Timestamp.from(slot)).setParameter(3, config.instance()).executeUpdate() == 1);
        } catch (Exception e) {
            LOG.warnf("%s: slot %s not claimed (database away?): %s", name, slot, e.getMessage());
            return false;
        }
        if (!claimed) {
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
        String finalOutcome = outcome;
        String finalDetail = detail;
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery(
                "UPDATE schedule_run SET finished_at = now(), outcome = ?1, detail = ?2 WHERE name = ?3 AND slot = ?4")
                .setParameter(1, finalOutcome).setParameter(2, finalDetail).setParameter(3, name).setParameter(4, Timestamp.from(slot))
                .executeUpdate());
        return true;
    }

    /** The slot a time falls in, for a job run every {@code periodMillis}: the same on every replica. */
    public static Instant slotOf(Instant now, long periodMillis) {
        return Instant.ofEpochMilli(now.toEpochMilli() / periodMillis * periodMillis);
    }

    /** The latest runs of a job, newest first. */
    @SuppressWarnings("unchecked")
    public List<ScheduleRun> recent(String name, int count) {
        List<Object[]> rows = entities.createNativeQuery("SELECT name, slot, instance, started_at, finished_at, outcome, detail"
                + " FROM schedule_run WHERE name = ?1 ORDER BY slot DESC LIMIT ?2").setParameter(1, name).setParameter(2, count)
                .getResultList();
        return rows.stream().map(row -> new ScheduleRun((String) row[0], time(row[1]), (String) row[2], time(row[3]), time(row[4]),
                (String) row[5], (String) row[6])).toList();
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
            return entities.createNativeQuery("DELETE FROM schedule_run WHERE started_at < now() - make_interval(secs => ?1)")
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
