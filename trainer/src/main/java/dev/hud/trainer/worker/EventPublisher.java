package dev.hud.trainer.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;

/**
 * Publishes events to {@code hud.events} and bad work to the dead-letter exchange. The returned
 * stage of {@link #publish} completes when the broker has confirmed the message (publisher
 * confirms): work is acknowledged only after that, so no result is lost between the two.
 */
@ApplicationScoped
public class EventPublisher {

    private final Emitter<String> events;
    private final Emitter<byte[]> deadLetters;
    private final ObjectMapper json;

    EventPublisher(@Channel("training-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000) Emitter<String> events,
            @Channel("training-dead-letters") Emitter<byte[]> deadLetters, ObjectMapper json) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /** Completes once the broker confirmed it. */
    public CompletionStage<Void> publish(String routingKey, Object event) {
        var confirmed = new CompletableFuture<Void>();
        events.send(message(encode(event), OutgoingRabbitMQMetadata.builder().withRoutingKey(routingKey)
                .withContentType("application/json").withDeliveryMode(2).build(), confirmed));
        return confirmed;
    }

    /** For the many progress events: not waited for. */
    public void publishQuietly(String routingKey, Object event) {
        events.send(Message.of(encode(event), Metadata.of(OutgoingRabbitMQMetadata.builder().withRoutingKey(routingKey)
                .withContentType("application/json").build())));
    }

    /** The original body, with why it was refused; completes once the broker confirmed it. */
    public CompletionStage<Void> deadLetter(byte[] body, String reason, String workerId) {
        var confirmed = new CompletableFuture<Void>();
        deadLetters.send(message(body, OutgoingRabbitMQMetadata.builder().withRoutingKey("dead").withDeliveryMode(2)
                .withHeader("x-hud-reason", reason).withHeader("x-hud-worker", workerId).build(), confirmed));
        return confirmed;
    }

    private static <T> Message<T> message(T payload, OutgoingRabbitMQMetadata metadata, CompletableFuture<Void> confirmed) {
        return Message.of(payload, Metadata.of(metadata), () -> {
            confirmed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            confirmed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
    }

    private String encode(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }
}
