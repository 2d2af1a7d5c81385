package dev.hud.gateway.jobs.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    private final StreamSlots slots = new StreamSlots(2);

    @Test
    void aUserHasAtMostTheLimitOpenAndAClosedOneFreesItsPlace() {
        assertTrue(slots.take("ann"));
        assertTrue(slots.take("ann"));
        assertFalse(slots.take("ann"), "a third at once");
        assertTrue(slots.take("bob"), "others are not held back");
        slots.release("ann");
        assertTrue(slots.take("ann"));
    }
}
