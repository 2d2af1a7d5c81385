package dev.hud.gateway.jobs.messaging;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import dev.hud.gateway.jobs.orchestration.ResultApplier;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Applies one trainer event in a transaction of its own, tried again with back-off while it fails (the database away
 * or restarting): 1, 2, 4, 8, then 10 s apart, about 25 s in all, before {@link JobEventsConsumer} returns the message
 * to the queue. An event the database refuses for its own data is not tried again ({@link NeverStorable}). Tunable as
 * any SmallRye Fault Tolerance policy ({@code
 * dev.hud.gateway.jobs.messaging.EventTransactions/apply/Retry/maxRetries}).
 */
@ApplicationScoped
public class EventTransactions {

    private static final Logger LOG = Logger.getLogger(EventTransactions.class);

    /** Storing failed on the event's own data: trying again cannot help, the event is dead-lettered. */
    public static class NeverStorable extends RuntimeException {
        NeverStorable(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Retry(maxRetries = 5, delay = 1, delayUnit = ChronoUnit.SECONDS, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS,
            jitter = 200, abortOn = NeverStorable.class)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public ResultApplier.Outcome apply(Supplier<ResultApplier.Outcome> event) {
        try {
            return QuarkusTransaction.requiringNew().call(event::get);
        } catch (RuntimeException e) {
            if (neverStorable(e)) {
                throw new NeverStorable(e);
            }
            LOG.warnf("cannot store a trainer event (attempt failed, tried again with back-off): %s", e.getMessage());
            throw e;
        }
    }

    /**
     * A value too long or malformed for its column, a violated constraint (SQL state classes 22, 23). A database
     * that is
     * away fails otherwise (class 08).
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
}
