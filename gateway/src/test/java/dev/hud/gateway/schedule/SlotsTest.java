package dev.hud.gateway.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.hud.common.db.SlotRuns;

/**
 * The slot a periodic job's run belongs to ({@link SlotRuns#slotOf}, used by {@link ScheduledJobs}): every replica that
 * fires within one period names the same slot, whatever its own start time, so only one of them runs it.
 */
class SlotsTest {

    private static final long FIFTEEN_SECONDS = Duration.ofSeconds(15).toMillis();

    @Test
    void replicasFiringWithinOnePeriodNameTheSameSlot() {
        Instant start = Instant.parse("2026-12-03T10:00:15Z");
        for (long offset = 0; offset < FIFTEEN_SECONDS; offset += 997) {
            assertEquals(start, SlotRuns.slotOf(start.plusMillis(offset), FIFTEEN_SECONDS), "+" + offset + " ms");
        }
        assertEquals(start.plusMillis(FIFTEEN_SECONDS), SlotRuns.slotOf(start.plusMillis(FIFTEEN_SECONDS),
                FIFTEEN_SECONDS), "the next period is the next slot");
        assertNotEquals(SlotRuns.slotOf(start.minusMillis(1), FIFTEEN_SECONDS), SlotRuns.slotOf(start,
                FIFTEEN_SECONDS));
    }

    @Test
    void aSlotIsTheStartOfThePeriodItsTimeFallsIn() {
        long hour = Duration.ofHours(1).toMillis();
        Instant now = Instant.parse("2026-12-03T10:42:07.123Z");
        Instant slot = SlotRuns.slotOf(now, hour);
        assertEquals(Instant.parse("2026-12-03T10:00:00Z"), slot);
        assertTrue(!slot.isAfter(now) && now.isBefore(slot.plusMillis(hour)));
        // Periods that do not divide a day still agree across replicas: they count from the epoch.
        long sevenMinutes = Duration.ofMinutes(7).toMillis();
        assertEquals(0, SlotRuns.slotOf(now, sevenMinutes).toEpochMilli() % sevenMinutes);
    }
}
