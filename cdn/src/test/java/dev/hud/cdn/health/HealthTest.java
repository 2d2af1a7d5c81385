package dev.hud.cdn.health;

import dev.hud.common.testing.HealthContract;
import io.quarkus.test.junit.QuarkusTest;

/** The cdn depends on no server: ready as soon as it serves. */
@QuarkusTest
class HealthTest extends HealthContract {

    @Override
    protected String[] readinessChecks() {
        return new String[0];
    }
}
