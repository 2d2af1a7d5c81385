package dev.hud.sensors.health;

import dev.hud.common.testing.HealthContract;
import io.quarkus.test.junit.QuarkusTest;

/** Against the servers on this machine. */
@QuarkusTest
class HealthTest extends HealthContract {

    @Override
    protected String[] readinessChecks() {
        return new String[] { HealthContract.DATABASE, HealthContract.BROKER };
    }
}
