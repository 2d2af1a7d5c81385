package dev.hud.cdn.media;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Clears what interrupted uploads left. Safe on every replica at once: each removal is of a file
 * older than the garbage age that nothing refers to, and deleting a deleted file is a no-op.
 */
@ApplicationScoped
class MediaGarbage {

    private static final Logger LOG = Logger.getLogger(MediaGarbage.class);

    private final MediaStore store;

    MediaGarbage(MediaStore store) {
        this.store = store;
    }

    @Scheduled(every = "${hud.cdn.media.garbage-interval:10m}", delayed = "30s")
    void collect() {
        int removed = store.collectGarbage();
        if (removed > 0) {
            LOG.infof("removed %d abandoned media files", removed);
        }
    }
}
