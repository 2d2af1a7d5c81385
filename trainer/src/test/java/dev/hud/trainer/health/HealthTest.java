package dev.hud.trainer.health;

import dev.hud.common.testing.HealthContract;
import io.quarkus.test.junit.QuarkusTest;

/** Against the servers on this machine. */
@QuarkusTest
class HealthTest extends HealthContract {

    @Override
    protected String[] readinessChecks() {
        return new String[] { HealthContract.BROKER, "training warm-up" };
    }
}
