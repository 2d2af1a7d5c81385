package dev.hud.gateway.database;

import java.util.Map;

import dev.hud.common.testing.FreshDatabaseContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(FreshDatabaseTest.FreshDatabase.class)
class FreshDatabaseTest extends FreshDatabaseContract {

    public static class FreshDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Also the test profile's key: a run isolated with -D%test.hud.database.name must not move it to that database.
            return Map.of("hud.database.name", NAME, "%test.hud.database.name", NAME);
        }
    }
}
