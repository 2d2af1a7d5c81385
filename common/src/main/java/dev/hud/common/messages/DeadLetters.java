package dev.hud.common.messages;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;

/**
 * How any service refuses a message it cannot read: the original body, unchanged, to the dead-letter exchange
 * ({@code hud.training.dlx}, routing key {@link #ROUTING_KEY}), persistent, with why ({@link #REASON_HEADER}) and who
 * refused it ({@link #SENDER_HEADER}), so that an operator reading the dead letters knows both without a log.
 */
public final class DeadLetters {

    /** The key the dead-letter queue is bound with, also the one queues dead-letter their expired messages with. */
    public static final String ROUTING_KEY = "dead";
    public static final String REASON_HEADER = "x-hud-reason";
    public static final String SENDER_HEADER = "x-hud-worker";

    private DeadLetters() {
    }

    /** Completes once the broker confirmed it (the channel publishes with confirms). */
    public static CompletionStage<Void> send(Emitter<byte[]> deadLetters, byte[] body, String reason, String sender) {
        var confirmed = Confirmed.of(body, OutgoingRabbitMQMetadata.builder().withRoutingKey(ROUTING_KEY)
                .withDeliveryMode(2).withHeader(REASON_HEADER, reason).withHeader(SENDER_HEADER, sender).build());
        deadLetters.send(confirmed.message());
        return confirmed.confirmation();
    }
}
