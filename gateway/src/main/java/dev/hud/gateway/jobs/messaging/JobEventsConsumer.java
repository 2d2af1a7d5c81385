package dev.hud.gateway.jobs.messaging;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Payloads;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingEvents.ModelCompleted;
import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.common.messages.TrainingEvents.WorkCancelled;
import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.gateway.jobs.WorkFailure;
import dev.hud.gateway.jobs.orchestration.JobService;
import dev.hud.gateway.jobs.orchestration.ResultApplier;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;

/**
 * Stores the trainers' results, from the durable queue {@code hud.gateway.events} that all gateway
 * replicas share (each event is applied once). A message is acknowledged after its transaction
 * committed; one the gateway cannot read, or cannot store because of its own data, goes to the dead letters with the
 * reason; while the database is away the message is retried with back-off, then returned to the queue.
 */
@ApplicationScoped
public class JobEventsConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);
    private static final int ATTEMPTS = 6;
    /** The lengths of {@code work_failure.job_id} and {@code trial_id}. */
    private static final int JOB_ID_LENGTH = 40;
    private static final int TRIAL_ID_LENGTH = 80;

    private final ResultApplier results;
    private final WorkDispatcher dispatcher;
    private final WorkPublisher publisher;
    private final JobService jobs;
    private final ObjectMapper json;

    JobEventsConsumer(ResultApplier results, WorkDispatcher dispatcher, WorkPublisher publisher, JobService jobs,
            ObjectMapper json) {
        this.results = results;
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.jobs = jobs;
        this.json = json;
    }

    @Incoming("job-events")
    @Blocking(ordered = false)
    public CompletionStage<Void> onEvent(Message<?> message) {
        byte[] body = Payloads.bytes(message.getPayload());
        String routingKey = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getRoutingKey).orElse("");
        Function<byte[], ResultApplier.Outcome> apply;
        try {
            apply = handler(routingKey, body);
        } catch (Exception e) {
            return deadLetter(message, body, "unreadable " + routingKey + " event: " + e.getMessage());
        }
        for (int attempt = 1;; attempt++) {
            try {
                ResultApplier.Outcome outcome = QuarkusTransaction.requiringNew().call(() -> apply.apply(body));
                if (outcome.changed()) {
                    jobs.changed(outcome.jobId());
                }
                if (outcome.refitDue()) {
                    dispatcher.sendDue(outcome.jobId());
                }
                return message.ack();
            } catch (Exception e) {
                if (neverStorable(e)) {
                    return deadLetter(message, body, "cannot store " + routingKey + " event: " + e.getMessage());
                }
                if (attempt == ATTEMPTS) {
                    LOG.errorf("cannot store a %s event (%s); returned to the queue", routingKey, e.getMessage());
                    return message.nack(e);
                }
                LOG.warnf("cannot store a %s event (attempt %d): %s", routingKey, attempt, e.getMessage());
                sleep(500L << attempt);
            }
        }
    }

    /** Reads and checks the event now, so that a bad one is refused before any transaction. */
    private Function<byte[], ResultApplier.Outcome> handler(String routingKey, byte[] body) throws IOException {
        Object read = TrainingEvents.read(json, routingKey, body)
                .orElseThrow(() -> new IllegalArgumentException("unknown routing key '" + routingKey + "'"));
        if (read instanceof TrialCompleted event) {
            check(event.schema(), TrialCompleted.SCHEMA, event.jobId());
            if (event.folds() == null || event.cell() == null) {
                throw new IllegalArgumentException("folds and cell are required");
            }
            return bytes -> results.trialCompleted(event);
        }
        if (read instanceof WorkFailed event) {
            check(event.schema(), WorkFailed.SCHEMA, "-");
            return bytes -> results.workFailed(event);
        }
        if (read instanceof WorkCancelled event) {
            check(event.schema(), WorkCancelled.SCHEMA, event.jobId());
            return bytes -> results.workCancelled(event);
        }
        if (read instanceof ModelCompleted event) {
            check(event.schema(), ModelCompleted.SCHEMA, event.jobId());
            if (event.modelId() == null || event.cell() == null || event.holdout() == null
                    || event.features() == null) {
                throw new IllegalArgumentException("modelId, cell, holdout and features are required");
            }
            return bytes -> results.modelCompleted(event);
        }
        throw new IllegalArgumentException("'" + routingKey + "' is not applied to jobs");
    }

    /**
     * Dead-letters the event with its reason and lists it among the failures, under its job and trial when the event
     * names them readably (so that the job's owner sees it too).
     */
    private CompletionStage<Void> deadLetter(Message<?> message, byte[] body, String reason) {
        LOG.warn(reason);
        String jobId = named(body, "jobId", JOB_ID_LENGTH);
        String trialId = named(body, "trialId", TRIAL_ID_LENGTH);
        try {
            QuarkusTransaction.requiringNew()
                    .run(() -> WorkFailure.record(WorkFailure.GATEWAY, jobId, trialId, null, reason));
        } catch (Exception notRecorded) {
            LOG.warnf("could not record the failure: %s", notRecorded.getMessage());
        }
        return publisher.deadLetter(body, reason).thenCompose(done -> message.ack());
    }

    /** A text field of the event's JSON that fits its column, or null. */
    private String named(byte[] body, String field, int maxLength) {
        try {
            var value = json.readTree(body).get(field);
            return value != null && value.isTextual() && value.textValue().length() <= maxLength ? value.textValue()
                    : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Whether storing failed on the event's own data (a value too long or malformed for its column, a violated
     * constraint): trying again cannot help. A database that is away fails otherwise (SQL state class 08).
     */
    static boolean neverStorable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static void check(String schema, String expected, String jobId) {
        if (!expected.equals(schema)) {
            throw new IllegalArgumentException("schema '" + schema + "', expected " + expected);
        }
        if (jobId == null) {
            throw new IllegalArgumentException("jobId is required");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.min(millis, 10_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
