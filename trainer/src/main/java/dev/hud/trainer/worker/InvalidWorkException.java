package dev.hud.trainer.worker;

/** A work message that can never be done as it is: it is dead-lettered with this reason, never retried. */
public class InvalidWorkException extends RuntimeException {

    public InvalidWorkException(String reason) {
        super(reason);
    }
}
