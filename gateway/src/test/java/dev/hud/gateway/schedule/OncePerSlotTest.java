package dev.hud.gateway.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Scheduled work once per slot, whatever the replicas: a slot is run once, and a run whose replica died is closed. */
@QuarkusTest
class OncePerSlotTest {

    @Inject
    OncePerSlot once;

    @Inject
    EntityManager entities;

    @Test
    void aSlotRunsOnceAndItsOutcomeIsRecorded() {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var runs = new AtomicInteger();
        assertTrue(once.run(name, slot, () -> "ran " + runs.incrementAndGet()));
        assertFalse(once.run(name, slot, () -> "ran " + runs.incrementAndGet()), "another replica, same slot");
        assertEquals(1, runs.get());
        assertTrue(once.run(name, slot.plusSeconds(60), () -> {
            throw new IllegalStateException("no admin");
        }));
        List<ScheduleRun> recent = once.recent(name, 5);
        assertEquals(List.of("failed", "ok"), recent.stream().map(ScheduleRun::outcome).toList());
        assertTrue(recent.get(0).detail().contains("no admin"), recent.get(0).detail());
        assertEquals("ran 1", recent.get(1).detail());
    }

    @Test
    void aRunWhoseReplicaStoppedIsClosedAsFailedAndOnlyThatOne() {
        String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            insertRunning(name, now.minus(11, ChronoUnit.MINUTES), "a replica that died");
            insertRunning(name, now.minus(1, ChronoUnit.MINUTES), "a replica still at it");
        });
        once.prune();
        List<ScheduleRun> runs = once.recent(name, 5);
        assertEquals("running", runs.get(0).outcome(), "the recent run goes on");
        assertEquals("failed", runs.get(1).outcome());
        assertNotNull(runs.get(1).finishedAt());
        assertTrue(runs.get(1).detail().contains("interrupted"), runs.get(1).detail());
    }

    private void insertRunning(String name, Instant startedAt, String instance) {
        entities.createNativeQuery(
                "INSERT INTO schedule_run (name, slot, instance, started_at) VALUES (?1, ?2, ?3, ?2)")
                .setParameter(1, name).setParameter(2, startedAt.atOffset(ZoneOffset.UTC)).setParameter(3, instance)
                .executeUpdate();
    }
}
