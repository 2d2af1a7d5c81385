package dev.hud.gateway.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.hud.common.db.SlotRuns;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The records of scheduled runs in the real PostgreSQL, as replicas leave them: one that stops claims nothing, one that
 * was killed leaves a run open (closed by the prune), and old records go.
 */
@QuarkusTest
class ScheduleRunsTest {

    @Inject
    OncePerSlot once;

    @Inject
    DataSource database;

    @Inject
    EntityManager entities;

    @Inject
    ScheduleConfig config;

    @Inject
    ScheduledJobs jobs;

    private static String name() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A row as a replica leaves it: started then, finished (or not: null outcome is 'running'). */
    private void insert(String name, Instant slot, Instant startedAt, String outcome, String detail) {
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery(
                "INSERT INTO schedule_run (name, slot, instance, started_at, finished_at, outcome, detail)"
                        + " VALUES (?1, ?2, 'a replica', ?3, ?4, coalesce(?5, 'running'), ?6)")
                .setParameter(1, name).setParameter(2, slot.atOffset(ZoneOffset.UTC))
                .setParameter(3, startedAt.atOffset(ZoneOffset.UTC))
                .setParameter(4, outcome == null ? null : startedAt.plusSeconds(1).atOffset(ZoneOffset.UTC))
                .setParameter(5, outcome).setParameter(6, detail).executeUpdate());
    }

    private List<ScheduleRun> recent(String name) {
        return QuarkusTransaction.requiringNew().call(() -> once.recent(name, 10));
    }

    @Test
    void aStoppingReplicaClaimsNoSlotSoARunningOneTakesIt() {
        String name = name();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var stopping = new OncePerSlot(database, entities, config);
        stopping.onShutdown(null);
        var runs = new AtomicInteger();
        assertFalse(stopping.run(name, slot, () -> "ran " + runs.incrementAndGet()));
        assertEquals(0, runs.get(), "nothing runs on a stopping replica");
        assertEquals(List.of(), recent(name), "and it records no claim that would keep the slot from others");

        assertTrue(once.run(name, slot, () -> "ran " + runs.incrementAndGet()));
        ScheduleRun run = recent(name).get(0);
        assertEquals("ok", run.outcome());
        assertEquals(config.instance(), run.instance(), "the running replica's name is on the record");
        assertEquals("ran 1", run.detail());
    }

    @Test
    void anInterruptedSlotIsNotRunAgainButTheNextSlotRuns() {
        String name = name();
        long period = Duration.ofMinutes(1).toMillis();
        Instant killed = SlotRuns.slotOf(Instant.now().minus(11, ChronoUnit.MINUTES), period);
        insert(name, killed, killed, null, null);
        var runs = new AtomicInteger();
        assertFalse(once.run(name, killed, () -> "ran " + runs.incrementAndGet()), "once per slot, even then");
        Instant next = SlotRuns.slotOf(Instant.now(), period);
        assertTrue(once.run(name, next, () -> "ran " + runs.incrementAndGet()));
        assertEquals(1, runs.get());

        once.prune();
        List<ScheduleRun> records = recent(name);
        assertEquals(List.of("ok", "failed"), records.stream().map(ScheduleRun::outcome).toList());
        assertEquals("interrupted: the replica stopped during the run", records.get(1).detail());
        assertTrue(records.get(1).finishedAt().isAfter(records.get(1).startedAt()));
    }

    @Test
    void finishedRunsKeepTheirOutcomeWhateverTheirAge() {
        String name = name();
        Instant longAgo = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        insert(name, longAgo, longAgo, "ok", "removed 3 of 9 media records");
        insert(name, longAgo.plusSeconds(60), longAgo.plusSeconds(60), "failed", "IOException: cdn away");
        once.prune();
        List<ScheduleRun> records = recent(name);
        assertEquals(List.of("failed", "ok"), records.stream().map(ScheduleRun::outcome).toList());
        assertEquals("IOException: cdn away", records.get(0).detail());
        assertEquals("removed 3 of 9 media records", records.get(1).detail());
    }

    @Test
    void recordsOlderThanKeepRunsAreForgottenAndNewerOnesKept() {
        assertEquals(Duration.ofDays(7), config.keepRuns());
        String name = name();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(8, ChronoUnit.DAYS);
        Instant kept = now.minus(6, ChronoUnit.DAYS);
        insert(name, old, old, "ok", "old");
        insert(name, kept, kept, "ok", "kept");
        // A run that never ended is forgotten too once old: it is closed and dropped in the same prune.
        insert(name, old.minusSeconds(60), old.minusSeconds(60), null, null);
        assertTrue(once.prune() >= 2);
        List<ScheduleRun> records = recent(name);
        assertEquals(List.of("kept"), records.stream().map(ScheduleRun::detail).toList());
    }

    @Test
    void aPeriodicRunTakesTheSlotOfItsFireTimeNotOfWhenAWorkerStartedIt() {
        // Fired a day ago at .700 of a second, started only now by a busy worker: the slot is the fire time's. Taken
        // from the clock it would be the trigger's next slot, and the monitor would show that run as both last and
        // next (the SchedulesViewTest failure this fixes).
        Instant fired = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plusMillis(700);
        var execution = new ScheduledExecution() {
            @Override
            public Trigger getTrigger() {
                return null;
            }

            @Override
            public Instant getFireTime() {
                return fired;
            }

            @Override
            public Instant getScheduledFireTime() {
                return fired;
            }
        };
        Instant slot = SlotRuns.slotOf(fired, config.mediaCleanup().every().toMillis());
        try {
            jobs.cleanMedia(execution);
            Object outcome = QuarkusTransaction.requiringNew()
                    .call(() -> entities
                            .createNativeQuery("SELECT outcome FROM schedule_run WHERE name = ?1 AND slot = ?2")
                            .setParameter(1, ScheduledJobs.MEDIA_CLEANUP).setParameter(2, slot.atOffset(ZoneOffset.UTC))
                            .getResultList());
            assertEquals(List.of("ok"), outcome);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entities
                    .createNativeQuery("DELETE FROM schedule_run WHERE name = ?1 AND slot = ?2")
                    .setParameter(1, ScheduledJobs.MEDIA_CLEANUP).setParameter(2, slot.atOffset(ZoneOffset.UTC))
                    .executeUpdate());
        }
    }

    @Test
    void aRunStillGoingIsListedAsRunningWithNoEnd() {
        String name = name();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        insert(name, now, now, null, null);
        once.prune();
        ScheduleRun run = recent(name).get(0);
        assertEquals("running", run.outcome());
        assertNull(run.finishedAt());
        assertNull(run.detail());
    }
}
