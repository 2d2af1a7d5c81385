package dev.hud.sensors.health;

import dev.hud.common.testing.BrokerDownContract;
import dev.hud.common.testing.UnreachableServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableServers.Broker.class)
class BrokerDownTest extends BrokerDownContract {
}
