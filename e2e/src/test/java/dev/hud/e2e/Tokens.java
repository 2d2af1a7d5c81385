package dev.hud.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.hud.e2e.system.JwtSigner;

/**
 * The keys the packaged services run with in these tests (the gateway module's test key pair), a
 * service token signed with them as an operator would make one for the trainers' uploads to the cdn (RS256, issuer
 * hud), and a gateway's environment.
 */
final class Tokens {

    static final Path PRIVATE_KEY = Path.of("../gateway/src/test/resources/jwt/private.pem").toAbsolutePath()
            .normalize();
    static final Path PUBLIC_KEY = Path.of("../gateway/src/test/resources/jwt/public.pem").toAbsolutePath().normalize();
    static final String ADMIN_PASSWORD = "admin-e2e-password";

    private Tokens() {
    }

    /**
     * What a packaged gateway needs here: its database (created if missing), the broker, these keys,
     * the admin's password, and queues of its own (work of kind {@code queueKind}, results on
     * {@code hud.gateway.events.<queueKind>}) so that it shares nothing with a running system. Mutable.
     */
    static Map<String, String> gateway(String database, String queueKind) {
        return new HashMap<>(Map.of("QUARKUS_DATASOURCE_USERNAME", "postgres", "HUD_DATABASE_CREATE_IF_MISSING", "true",
                "RABBITMQ_HOST", "127.0.0.1", "QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:5432/" + database,
                "HUD_JWT_PRIVATE_KEY_LOCATION", PRIVATE_KEY.toString(), "HUD_JWT_PUBLIC_KEY_LOCATION",
                PUBLIC_KEY.toString(),
                "HUD_AUTH_ADMIN_PASSWORD", ADMIN_PASSWORD, "HUD_JOBS_QUEUE_KINDS_CPU", queueKind,
                "MP_MESSAGING_INCOMING_JOB_EVENTS_QUEUE_NAME", "hud.gateway.events." + queueKind));
    }

    static String service(String name) throws Exception {
        return new JwtSigner(PRIVATE_KEY).sign(name, "service", 3600, "hud-cdn");
    }
}
