package dev.hud.common.messages;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * An outgoing message and the stage that completes when the broker has confirmed it. On a channel
 * with {@code publish-confirms=true} the connector acks a message once the broker confirmed it and
 * nacks it when the broker refused it or the connection failed first.
 */
public record Confirmed<T>(Message<T> message, CompletionStage<Void> confirmation) {

    public static <T> Confirmed<T> of(T payload, Object metadata) {
        var confirmed = new CompletableFuture<Void>();
        Message<T> message = Message.of(payload, Metadata.of(metadata), () -> {
            confirmed.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            confirmed.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        return new Confirmed<>(message, confirmed);
    }
}
