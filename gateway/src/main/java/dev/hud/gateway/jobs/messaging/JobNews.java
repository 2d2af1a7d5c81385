package dev.hud.gateway.jobs.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;

/**
 * Tells every gateway replica that a job changed ({@code job.status} on {@code hud.events}): each
 * drops its cached view and pushes the new state to the browsers watching the job.
 */
@ApplicationScoped
public class JobNews {

    /** {@code hud.job-changed/v1}: the job's stored state changed; read it again. */
    public record JobChanged(String schema, String jobId) {
        public static final String SCHEMA = "hud.job-changed/v1";
        public static final String ROUTING_KEY = "job.status";
    }

    private static final Logger LOG = Logger.getLogger(JobNews.class);

    private final Emitter<JobChanged> emitter;

    JobNews(@Channel("job-news") Emitter<JobChanged> emitter) {
        this.emitter = emitter;
    }

    public void statusChanged(String jobId) {
        try {
            emitter.send(Message.of(new JobChanged(JobChanged.SCHEMA, jobId),
                    Metadata.of(OutgoingRabbitMQMetadata.builder().withRoutingKey(JobChanged.ROUTING_KEY).build())));
        } catch (RuntimeException e) {
            // Browsers then learn it from the next event or their next read; the stored state is right.
            LOG.debugf("job news not sent: %s", e.getMessage());
        }
    }
}
