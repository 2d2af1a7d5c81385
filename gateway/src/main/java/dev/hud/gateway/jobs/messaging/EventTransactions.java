package dev.hud.gateway.jobs.messaging;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import dev.hud.gateway.jobs.orchestration.ResultApplier;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Applies one trainer event in a transaction of its own, tried again with back-off while it fails (the database away
 * or restarting): 1, 2, 4, 8, then 10 s apart, about 25 s in all, before {@link JobEventsConsumer} returns the message
 * to the queue. Tunable as any SmallRye Fault Tolerance policy
 * ({@code dev.hud.gateway.jobs.messaging.EventTransactions/apply/Retry/maxRetries}).
 */
@ApplicationScoped
public class EventTransactions {

    @Retry(maxRetries = 5, delay = 1, delayUnit = ChronoUnit.SECONDS, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS,
            jitter = 200)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public ResultApplier.Outcome apply(Supplier<ResultApplier.Outcome> event) {
        return QuarkusTransaction.requiringNew().call(event::get);
    }
}
