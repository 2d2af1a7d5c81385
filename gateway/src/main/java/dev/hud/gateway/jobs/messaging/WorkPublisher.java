package dev.hud.gateway.jobs.messaging;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Confirmed;
import dev.hud.common.messages.DeadLetters;
import dev.hud.common.messages.TrainingEvents.CancelJob;
import dev.hud.common.messages.TrainingWork;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;

/**
 * Sends work to the trainers ({@code hud.training}, routed by queue kind), cancellations to every
 * trainer ({@code hud.control}), and events the gateway cannot read to the dead letters. Each stage
 * completes when the broker has confirmed the message.
 */
@ApplicationScoped
public class WorkPublisher {

    private final Emitter<String> work;
    private final Emitter<String> control;
    private final Emitter<byte[]> deadLetters;
    private final TrainingTopology topology;
    private final ObjectMapper json;

    WorkPublisher(
            @Channel("training-work") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
                    bufferSize = 50_000) Emitter<String> work,
            @Channel("training-control") Emitter<String> control,
            @Channel("gateway-dead-letters") Emitter<byte[]> deadLetters,
            TrainingTopology topology, ObjectMapper json) {
        this.work = work;
        this.control = control;
        this.deadLetters = deadLetters;
        this.topology = topology;
        this.json = json;
    }

    /** Declares the kind's queue first (once), then publishes persistent work to it. */
    public CompletionStage<Void> send(String queueKind, TrainingWork message) throws IOException {
        topology.ensure(queueKind);
        var confirmed = Confirmed.of(encode(message), OutgoingRabbitMQMetadata.builder().withRoutingKey(queueKind)
                .withContentType("application/json").withDeliveryMode(2)
                .withMessageId(message.trialId() == null ? message.jobId() : message.trialId()).build());
        work.send(confirmed.message());
        return confirmed.confirmation();
    }

    public CompletionStage<Void> cancel(String jobId) {
        var confirmed = Confirmed.of(encode(new CancelJob(CancelJob.SCHEMA, jobId)),
                OutgoingRabbitMQMetadata.builder().withContentType("application/json").build());
        control.send(confirmed.message());
        return confirmed.confirmation();
    }

    /** The original body, with why it was refused. */
    public CompletionStage<Void> deadLetter(byte[] body, String reason) {
        return DeadLetters.send(deadLetters, body, reason, "gateway");
    }

    private String encode(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }
}
