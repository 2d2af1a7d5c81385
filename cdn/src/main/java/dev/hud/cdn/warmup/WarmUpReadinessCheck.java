package dev.hud.cdn.warmup;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the cdn warms itself up, so a new pod gets traffic only once its hot paths are compiled; UP when the
 * warm-up is done, timed out, or off.
 */
@Readiness
@Singleton
public class WarmUpReadinessCheck implements HealthCheck {

    public static final String NAME = "cdn warm-up";

    private final WarmUpState state;

    WarmUpReadinessCheck(WarmUpState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        var phase = state.phase();
        return HealthCheckResponse.named(NAME).status(state.ready())
                .withData("phase", phase.name().toLowerCase().replace('_', '-'))
                .withData("requests", state.answered()).build();
    }
}
