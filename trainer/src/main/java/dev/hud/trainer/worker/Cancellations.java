package dev.hud.trainer.worker;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hud.common.messages.Payloads;
import dev.hud.common.messages.TrainingEvents.CancelJob;

/**
 * Jobs cancelled by the gateway, heard on the {@code hud.control} fanout (every trainer has its own
 * queue there). Training checks it between epochs; work of a cancelled job that arrives later is
 * dropped. Remembered for a day.
 */
@ApplicationScoped
public class Cancellations {

    private static final Logger LOG = Logger.getLogger(Cancellations.class);
    private static final Duration REMEMBERED = Duration.ofDays(1);
    /** Far more than a day of cancellations; bounded whatever is sent on the control exchange. */
    private static final int MAX_JOBS = 100_000;

    private final Cache<String, Boolean> cancelled = Caffeine.newBuilder().maximumSize(MAX_JOBS)
            .expireAfterWrite(REMEMBERED).build();
    private final ObjectMapper json;

    Cancellations(ObjectMapper json) {
        this.json = json;
    }

    @Incoming("training-control")
    void onControl(Object payload) {
        try {
            CancelJob cancel = json.readValue(Payloads.bytes(payload), CancelJob.class);
            if (CancelJob.SCHEMA.equals(cancel.schema()) && cancel.jobId() != null) {
                cancel(cancel.jobId());
            } else {
                LOG.warnf("ignored control message of schema %s", cancel.schema());
            }
        } catch (Exception e) {
            LOG.warnf("ignored malformed control message: %s", e.getMessage());
        }
    }

    public void cancel(String jobId) {
        cancelled.put(jobId, true);
        LOG.infof("job %s cancelled", jobId);
    }

    public boolean isCancelled(String jobId) {
        return cancelled.getIfPresent(jobId) != null;
    }
}
