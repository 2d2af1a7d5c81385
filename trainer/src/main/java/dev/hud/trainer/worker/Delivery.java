package dev.hud.trainer.worker;

import java.util.concurrent.CompletableFuture;

/**
 * One work message as it was delivered, waiting for its outcome: done when its outcome (a result, a
 * failure, a cancellation, a dead letter) is confirmed by the broker, and then acknowledged; given
 * back when it could not be, and then returned to the queue.
 */
record Delivery(byte[] body, boolean redelivered, CompletableFuture<Void> outcome) {

    Delivery(byte[] body, boolean redelivered) {
        this(body, redelivered, new CompletableFuture<>());
    }

    void done() {
        outcome.complete(null);
    }

    /**
     * Not the message's fault (the broker did not confirm, an upload or a data set's download failed, the trainer
     * stops): it goes back to the queue.
     */
    void giveBack(RuntimeException why) {
        outcome.completeExceptionally(why);
    }

    /** The trainer stops before this work is done: another one takes it. */
    void giveBackAsTheTrainerStops() {
        giveBack(new BrokerUnavailableException("the trainer stops"));
    }
}
