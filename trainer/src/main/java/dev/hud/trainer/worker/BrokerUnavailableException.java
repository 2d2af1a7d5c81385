package dev.hud.trainer.worker;

/** The broker did not confirm a publication (or the trainer stops): the work must come back, not be acknowledged. */
final class BrokerUnavailableException extends RuntimeException {

    BrokerUnavailableException(String message) {
        super(message);
    }
}
