package dev.hud.trainer.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

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

    private final Map<String, Long> cancelledAt = new ConcurrentHashMap<>();
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
        long now = System.currentTimeMillis();
        cancelledAt.put(jobId, now);
        cancelledAt.values().removeIf(at -> now - at > REMEMBERED.toMillis());
        LOG.infof("job %s cancelled", jobId);
    }

    public boolean isCancelled(String jobId) {
        return cancelledAt.containsKey(jobId);
    }
}
