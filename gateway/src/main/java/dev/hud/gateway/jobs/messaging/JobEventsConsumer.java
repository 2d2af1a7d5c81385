package dev.hud.gateway.jobs.messaging;

import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
 * reason; while the database is away the message is retried with back-off ({@link EventTransactions}), then
 * returned to the queue.
 */
@ApplicationScoped
public class JobEventsConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);
    /** The lengths of {@code work_failure.job_id} and {@code trial_id}. */
    private static final int JOB_ID_LENGTH = 40;
    private static final int TRIAL_ID_LENGTH = 80;

    private final ResultApplier results;
    private final EventTransactions transactions;
    private final WorkDispatcher dispatcher;
    private final WorkPublisher publisher;
    private final JobService jobs;
    private final ObjectMapper json;

    JobEventsConsumer(ResultApplier results, EventTransactions transactions, WorkDispatcher dispatcher,
            WorkPublisher publisher, JobService jobs,
            ObjectMapper json) {
        this.results = results;
        this.transactions = transactions;
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
        Supplier<ResultApplier.Outcome> apply;
        try {
            apply = handler(routingKey, body);
        } catch (Exception e) {
            return deadLetter(message, body, "unreadable " + routingKey + " event: " + e.getMessage());
        }
        try {
            ResultApplier.Outcome outcome = transactions.apply(apply);
            if (outcome.changed()) {
                jobs.changed(outcome.jobId());
            }
            if (outcome.refitDue()) {
                dispatcher.sendDue(outcome.jobId());
            }
            return message.ack();
        } catch (EventTransactions.NeverStorable e) {
            return deadLetter(message, body, "cannot store " + routingKey + " event: " + e.getMessage());
        } catch (Exception e) {
            LOG.errorf("cannot store a %s event (%s); returned to the queue", routingKey, e.getMessage());
            return message.nack(e);
        }
    }

    /** Reads and checks the event now, so that a bad one is refused before any transaction. */
    private Supplier<ResultApplier.Outcome> handler(String routingKey, byte[] body) throws IOException {
        Object read = TrainingEvents.read(json, routingKey, body)
                .orElseThrow(() -> new IllegalArgumentException("unknown routing key '" + routingKey + "'"));
        if (read instanceof TrialCompleted event) {
            check(event.schema(), TrialCompleted.SCHEMA, event.jobId());
            if (event.folds() == null || event.cell() == null) {
                throw new IllegalArgumentException("folds and cell are required");
            }
            return () -> results.trialCompleted(event);
        }
        if (read instanceof WorkFailed event) {
            check(event.schema(), WorkFailed.SCHEMA, "-");
            return () -> results.workFailed(event);
        }
        if (read instanceof WorkCancelled event) {
            check(event.schema(), WorkCancelled.SCHEMA, event.jobId());
            return () -> results.workCancelled(event);
        }
        if (read instanceof ModelCompleted event) {
            check(event.schema(), ModelCompleted.SCHEMA, event.jobId());
            if (event.modelId() == null || event.cell() == null || event.holdout() == null
                    || event.features() == null) {
                throw new IllegalArgumentException("modelId, cell, holdout and features are required");
            }
            return () -> results.modelCompleted(event);
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

    private static void check(String schema, String expected, String jobId) {
        if (!expected.equals(schema)) {
            throw new IllegalArgumentException("schema '" + schema + "', expected " + expected);
        }
        if (jobId == null) {
            throw new IllegalArgumentException("jobId is required");
        }
    }
}
