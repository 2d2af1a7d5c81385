package dev.hud.gateway.health;

import dev.hud.common.testing.DatabaseDownContract;
import dev.hud.common.testing.UnreachableServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableServers.Database.class)
class DatabaseDownTest extends DatabaseDownContract {
}
