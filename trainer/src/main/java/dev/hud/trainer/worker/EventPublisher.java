package dev.hud.trainer.worker;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Confirmed;
import dev.hud.common.messages.DeadLetters;
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

    EventPublisher(
            @Channel("training-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
                    bufferSize = 20_000) Emitter<String> events,
            @Channel("training-dead-letters") Emitter<byte[]> deadLetters, ObjectMapper json) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /** Completes once the broker confirmed it. */
    public CompletionStage<Void> publish(String routingKey, Object event) {
        var confirmed = Confirmed.of(encode(event), OutgoingRabbitMQMetadata.builder().withRoutingKey(routingKey)
                .withContentType("application/json").withDeliveryMode(2).build());
        events.send(confirmed.message());
        return confirmed.confirmation();
    }

    /** For the many progress events: not waited for. */
    public void publishQuietly(String routingKey, Object event) {
        events.send(Message.of(encode(event), Metadata.of(OutgoingRabbitMQMetadata.builder().withRoutingKey(routingKey)
                .withContentType("application/json").build())));
    }

    /** The original body, with why it was refused; completes once the broker confirmed it. */
    public CompletionStage<Void> deadLetter(byte[] body, String reason, String workerId) {
        return DeadLetters.send(deadLetters, body, reason, workerId);
    }

    private String encode(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** Waits for the broker's confirmation; if it never comes, the message is not acknowledged and comes back. */
    static void await(CompletionStage<Void> confirmed) {
        try {
            confirmed.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for the broker");
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailableException("the broker did not confirm: " + e);
        }
    }
}
