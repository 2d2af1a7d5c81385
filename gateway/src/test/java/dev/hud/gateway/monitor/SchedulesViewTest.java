package dev.hud.gateway.monitor;

import static dev.hud.gateway.jobs.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.hud.common.db.SlotRuns;
import dev.hud.gateway.media.MediaCleanup;
import dev.hud.gateway.schedule.OncePerSlot;
import dev.hud.gateway.schedule.ScheduleConfig;
import dev.hud.gateway.schedule.ScheduledJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /api/monitor/schedules}: each scheduled job's next run, last run and outcome, from the real records. */
@QuarkusTest
@SuppressWarnings("unchecked") // JSON objects read as maps
class SchedulesViewTest {

    @Inject
    OncePerSlot once;

    @Inject
    ScheduleConfig config;

    @Inject
    MediaCleanup media;

    @Inject
    EntityManager entities;

    private static JsonPath view(String token) {
        return given().auth().oauth2(token).when().get("/api/monitor/schedules").then().statusCode(200).extract()
                .jsonPath();
    }

    private static Map<String, Object> schedule(JsonPath view, String name) {
        return view.getMap("find { it.name == '" + name + "' }");
    }

    private static Instant time(Object value) {
        return value == null ? null : OffsetDateTime.parse((String) value).toInstant();
    }

    @Test
    void theReaperRunsEverySlotAndShowsItsNextAndLastRun() {
        String token = newUser();
        Instant asked = Instant.now();
        // The reaper runs every second in tests; its record appears with the outcome.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> reaper = schedule(view(token), ScheduledJobs.REAPER);
            Map<String, Object> last = (Map<String, Object>) reaper.get("lastRun");
            return last != null && time(last.get("startedAt")).isAfter(asked.minusSeconds(1))
                    && "ok".equals(last.get("outcome"));
        });
        Map<String, Object> reaper = schedule(view(token), ScheduledJobs.REAPER);
        Map<String, Object> last = (Map<String, Object>) reaper.get("lastRun");
        assertEquals(ScheduledJobs.REAPER, last.get("name"));
        assertNotNull(last.get("instance"));
        assertNotNull(last.get("detail"), "what the run did");
        assertTrue(!time(last.get("finishedAt")).isBefore(time(last.get("startedAt"))));
        Instant next = time(reaper.get("nextRun"));
        assertTrue(next.isAfter(time(last.get("slot"))), "the next run is after the last slot");
        assertTrue(next.isBefore(Instant.now().plus(config.reaper().every()).plusSeconds(30)), next.toString());

        List<Map<String, Object>> recent = (List<Map<String, Object>>) reaper.get("recentRuns");
        assertTrue(recent.size() >= 1 && recent.size() <= 10, recent.size() + " runs");
        assertEquals(last, recent.get(0), "the last run is the newest of the recent ones");
        for (int i = 1; i < recent.size(); i++) {
            assertTrue(time(recent.get(i - 1).get("slot")).isAfter(time(recent.get(i).get("slot"))), "newest first");
        }
    }

    @Test
    void aScheduleThatIsOffHasNoNextRunAndThePeriodicOnesHaveOne() {
        JsonPath view = view(newUser());
        assertEquals(ScheduledJobs.ALL, view.getList("name"));
        assertEquals("off", config.retrain().cron());
        assertNull(schedule(view, ScheduledJobs.RETRAIN).get("nextRun"));
        Instant next = time(schedule(view, ScheduledJobs.MEDIA_CLEANUP).get("nextRun"));
        assertNotNull(next);
        assertTrue(next.isBefore(Instant.now().plus(config.mediaCleanup().every()).plusSeconds(60)), next.toString());
    }

    @Test
    void theMediaCleanUpsRunShowsWhatItDidWithoutACdn() {
        // A slot of its own, ten years ahead: the current one may have been run by another test's application
        // (those with a stand-in cdn share this database), and then it shows what that one did.
        Instant slot = SlotRuns.slotOf(Instant.now().plus(3650, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS),
                config.mediaCleanup().every().toMillis());
        try {
            once.run(ScheduledJobs.MEDIA_CLEANUP, slot, () -> media.clean(config.mediaCleanup().grace()));
            Map<String, Object> last = (Map<String, Object>) schedule(view(newUser()), ScheduledJobs.MEDIA_CLEANUP)
                    .get("lastRun");
            assertEquals(slot, time(last.get("slot")));
            assertEquals("ok", last.get("outcome"));
            assertEquals("skipped: no cdn configured (hud.media.cdn-url)", last.get("detail"));
        } finally {
            forget(slot);
        }
    }

    @Test
    void aFailedRunIsShownWithItsReason() {
        Instant slot = Instant.now().plus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        try {
            once.run(ScheduledJobs.MEDIA_CLEANUP, slot, () -> {
                throw new IllegalStateException("the cdn answered 503");
            });
            Map<String, Object> last = (Map<String, Object>) schedule(view(newUser()), ScheduledJobs.MEDIA_CLEANUP)
                    .get("lastRun");
            assertEquals("failed", last.get("outcome"));
            assertEquals("IllegalStateException: the cdn answered 503", last.get("detail"));
        } finally {
            forget(slot);
        }
    }

    /** A slot ten years ahead is not left for the scheduler (or the next test) to find. */
    private void forget(Instant slot) {
        QuarkusTransaction.requiringNew().run(() -> entities
                .createNativeQuery("DELETE FROM schedule_run WHERE name = ?1 AND slot = ?2")
                .setParameter(1, ScheduledJobs.MEDIA_CLEANUP).setParameter(2, slot.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }
}
