package dev.hud.sensors.storage;

/**
 * Told once a sample is in the database, so that its source can let go of it: a hub acknowledges the broker's
 * delivery then, never before, so that a hub that dies with samples not yet written leaves them to another.
 */
@FunctionalInterface
public interface StoreReceipt {

    /** Called on the writer's thread, in the order the samples were handed over. Must not block. */
    void stored();
}
