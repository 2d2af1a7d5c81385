package dev.hud.common.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profiles that point a service at a port of the loopback where nothing listens. */
public final class UnreachableServers {

    /** Connections to port 1 of the loopback are refused at once. */
    public static final String CLOSED_PORT = "1";

    private UnreachableServers() {
    }

    public static class Database implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/hud_nowhere",
                    // The service could not start if it had to migrate an unreachable database.
                    "hud.database.migrate-at-start", "false");
        }
    }

    public static class Broker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rabbitmq-port", CLOSED_PORT);
        }
    }
}
