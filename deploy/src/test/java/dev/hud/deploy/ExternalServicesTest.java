package dev.hud.deploy;

import static dev.hud.deploy.Chart.env;
import static dev.hud.deploy.Chart.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * External PostgreSQL and RabbitMQ as people run them (ci/managed-values.yaml: a managed PostgreSQL with
 * {@code sslmode=verify-full} against a CA from a Secret, a managed RabbitMQ over amqps in a virtual host of its own):
 * what each service and the backup job are told, and what they mount to be able to check it.
 */
class ExternalServicesTest {

    private static final Path MANAGED = Chart.CHART.resolve("ci/managed-values.yaml");
    private static final String DB_HOST = "hud.cluster-abc123.eu-west-1.rds.amazonaws.com";
    private static final String QUERY = "?sslmode=verify-full&sslrootcert=/etc/hud/postgresql-ca/ca.crt"
            + "&ApplicationName=hud&connectTimeout=10&tcpKeepAlive=true";

    @Test
    void everyServiceReachesTheManagedPostgresqlOverVerifiedTls() throws Exception {
        var manifests = Chart.render(MANAGED);
        for (var service : List.of(List.of("Deployment", "hud-gateway", "hud_gateway"),
                List.of("Deployment", "hud-sensors", "hud_telemetry"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            var env = env(pod);
            assertEquals("jdbc:postgresql://" + DB_HOST + ":5432/" + service.get(2) + QUERY,
                    env.get("QUARKUS_DATASOURCE_JDBC_URL"), service.get(1));
            assertMounted(pod, "postgresql-ca", "hud-db-ca", "/etc/hud/postgresql-ca/ca.crt");
        }
        for (var service : List.of(List.of("Deployment", "hud-trainer-cpu"),
                List.of("DaemonSet", "hud-sensors-agent"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            assertFalse(env(pod).containsKey("QUARKUS_DATASOURCE_JDBC_URL"), service.get(1) + " has no database");
            assertFalse(volumes(pod).containsKey("postgresql-ca"), "nor its CA");
        }
    }

    @Test
    void everyServiceReachesTheManagedRabbitmqOverAmqpsInItsVirtualHost() throws Exception {
        var manifests = Chart.render(MANAGED);
        for (var service : List.of(List.of("Deployment", "hud-gateway"), List.of("Deployment", "hud-trainer-cpu"),
                List.of("Deployment", "hud-sensors"), List.of("DaemonSet", "hud-sensors-agent"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            var env = env(pod);
            String name = service.get(1);
            assertEquals("b-1234abcd.mq.eu-west-1.on.aws", env.get("RABBITMQ_HOST"), name);
            assertEquals("5671", env.get("RABBITMQ_PORT"), name + ": amqps' port");
            assertEquals("hud", env.get("RABBITMQ_VIRTUAL_HOST"), name);
            assertEquals("true", env.get("RABBITMQ_SSL"), name);
            assertEquals("HTTPS",
                    env.get("MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_SSL_HOSTNAME_VERIFICATION_ALGORITHM"),
                    name + ": the broker's certificate must name its host");
            assertEquals("rabbitmq", env.get("MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_TLS_CONFIGURATION_NAME"), name);
            assertEquals("/etc/hud/rabbitmq-ca/ca.crt", env.get("QUARKUS_TLS_RABBITMQ_TRUST_STORE_PEM_CERTS"), name);
            assertMounted(pod, "rabbitmq-ca", "hud-mq-ca", env.get("QUARKUS_TLS_RABBITMQ_TRUST_STORE_PEM_CERTS"));
        }
    }

    @Test
    void theBackupDumpsTheManagedPostgresqlWithTheSameTls() throws Exception {
        JsonNode pod = pod(Chart.render(MANAGED), "CronJob", "hud-backup");
        var env = env(pod);
        assertEquals("verify-full", env.get("PGSSLMODE"));
        assertEquals("/etc/hud/postgresql-ca/ca.crt", env.get("PGSSLROOTCERT"));
        assertMounted(pod, "postgresql-ca", "hud-db-ca", env.get("PGSSLROOTCERT"));
        String script = pod.at("/containers/0/args/0").asText();
        assertTrue(script.contains("pg_dump -h " + DB_HOST + " -p 5432 -U hud_backup "), script);
        assertEquals("hud-db-backup", pod.at("/containers/0/env/0/valueFrom/secretKeyRef/name").asText());
    }

    /** Each client its own user and Secret where given (managed), the shared one where not (external). */
    @Test
    void eachClientConnectsAsItsOwnUserOrTheSharedOne() throws Exception {
        var managed = Chart.render(MANAGED);
        assertEquals(List.of("hud_gateway", "hud-db-gateway", "password"), user(managed, "Deployment", "hud-gateway"));
        assertEquals(List.of("hud_sensors", "hud-db-sensors", "password"), user(managed, "Deployment", "hud-sensors"));
        var shared = Chart.parse(Chart.template(Chart.CHART.resolve("ci/external-values.yaml"),
                Map.of("backup.enabled", true, "postgresql.external.users.sensors.passwordKey", "sensors")));
        assertEquals(List.of("hud", "hud-db", "password"), user(shared, "Deployment", "hud-gateway"));
        assertEquals(List.of("hud", "hud-db", "sensors"), user(shared, "Deployment", "hud-sensors"), "its own key");
        JsonNode backup = pod(shared, "CronJob", "hud-backup");
        assertTrue(backup.at("/containers/0/args/0").asText().contains(" -U hud "));
        assertEquals("hud-db", backup.at("/containers/0/env/0/valueFrom/secretKeyRef/name").asText());
        for (var service : List.of(List.of("Deployment", "hud-gateway"), List.of("Deployment", "hud-sensors"))) {
            assertEquals("false",
                    env(pod(managed, service.get(0), service.get(1))).get("HUD_DATABASE_CREATE_IF_MISSING"),
                    "the databases exist");
        }
    }

    @Test
    void aClientWithoutAPasswordSecretIsRefusedByName() {
        var failure = assertThrows(IllegalStateException.class, () -> Chart.template(MANAGED,
                Map.of("postgresql.external.users.backup.existingSecret", "")));
        assertTrue(failure.getMessage().contains("postgresql.external.users.backup.existingSecret"),
                failure.getMessage());
        var noUser = assertThrows(IllegalStateException.class, () -> Chart.template(
                Chart.CHART.resolve("ci/external-values.yaml"), Map.of("postgresql.external.username", "")));
        assertTrue(noUser.getMessage().contains("postgresql.external.users.gateway.username"), noUser.getMessage());
    }

    /** A service's database user: its name, and the Secret and key of its password. */
    private static List<String> user(List<Chart.Manifest> manifests, String kind, String name) {
        for (JsonNode variable : pod(manifests, kind, name).at("/containers/0/env")) {
            if (variable.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD")) {
                JsonNode secret = variable.at("/valueFrom/secretKeyRef");
                return List.of(env(pod(manifests, kind, name)).get("QUARKUS_DATASOURCE_USERNAME"),
                        secret.path("name").asText(), secret.path("key").asText());
            }
        }
        throw new AssertionError(name + " has no database password");
    }

    @Test
    void plainAmqpAndRequiredTlsWithoutTheManagedSettings() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/external-values.yaml"));
        var env = env(pod(manifests, "Deployment", "hud-gateway"));
        assertEquals("jdbc:postgresql://db.example.internal:5432/hud_gateway?sslmode=require",
                env.get("QUARKUS_DATASOURCE_JDBC_URL"), "encrypted by default, no CA to check against");
        assertEquals("5672", env.get("RABBITMQ_PORT"));
        assertEquals("/", env.get("RABBITMQ_VIRTUAL_HOST"));
        assertFalse(env.containsKey("RABBITMQ_SSL"));
        var stringParams = env(pod(Chart.parse(Chart.template(Chart.CHART.resolve("ci/external-values.yaml"),
                Map.of("postgresql.external.jdbcParams", "ssl_min_protocol_version=TLSv1.3&loginTimeout=5",
                        "postgresql.external.sslMode", "disable"))),
                "Deployment", "hud-gateway"));
        assertEquals("jdbc:postgresql://db.example.internal:5432/hud_gateway?sslmode=disable"
                + "&ssl_min_protocol_version=TLSv1.3&loginTimeout=5", stringParams.get("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @Test
    void theDefaultInChartServicesStayPlain() throws Exception {
        var manifests = Chart.render(null);
        for (var service : List.of(List.of("Deployment", "hud-gateway"), List.of("Deployment", "hud-sensors"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            var env = env(pod);
            assertEquals("jdbc:postgresql://hud-postgresql:5432/" + (service.get(1).equals("hud-gateway")
                    ? "hud_gateway"
                    : "hud_telemetry"), env.get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals("5672", env.get("RABBITMQ_PORT"));
            for (String key : env.keySet()) {
                assertFalse(key.contains("SSL") || key.contains("TLS") || key.contains("VIRTUAL_HOST"), key);
            }
            assertFalse(volumes(pod).containsKey("rabbitmq-ca") || volumes(pod).containsKey("postgresql-ca"));
        }
    }

    /** Each service's own broker user where one is given, else the shared one (configurations of before work). */
    @Test
    void eachServiceConnectsAsItsOwnBrokerUserOrTheSharedOne() throws Exception {
        Path external = Chart.CHART.resolve("ci/external-values.yaml");
        var shared = Chart.parse(Chart.template(external, Map.of()));
        for (var service : List.of(List.of("Deployment", "hud-gateway"), List.of("Deployment", "hud-trainer-cpu"),
                List.of("Deployment", "hud-sensors"), List.of("DaemonSet", "hud-sensors-agent"))) {
            JsonNode pod = pod(shared, service.get(0), service.get(1));
            assertEquals("hud", env(pod).get("RABBITMQ_USERNAME"), service.get(1));
            assertEquals("hud-mq/password", passwordRef(pod), service.get(1));
        }
        var own = Chart.parse(Chart.template(external, Map.of("rabbitmq.external.users.gateway.username", "gw",
                "rabbitmq.external.users.gateway.existingSecret", "gw-mq",
                "rabbitmq.external.users.gateway.passwordKey", "secret", "rabbitmq.external.users.trainer.username",
                "tr", "rabbitmq.external.users.sensorsAgent.username", "agent",
                "rabbitmq.external.users.sensorsAgent.existingSecret", "agent-mq")));
        assertEquals("gw", env(pod(own, "Deployment", "hud-gateway")).get("RABBITMQ_USERNAME"));
        assertEquals("gw-mq/secret", passwordRef(pod(own, "Deployment", "hud-gateway")));
        assertEquals("tr", env(pod(own, "Deployment", "hud-trainer-cpu")).get("RABBITMQ_USERNAME"));
        assertEquals("hud-mq/password", passwordRef(pod(own, "Deployment", "hud-trainer-cpu")), "the shared Secret");
        assertEquals("hud", env(pod(own, "Deployment", "hud-sensors")).get("RABBITMQ_USERNAME"));
        assertEquals("agent", env(pod(own, "DaemonSet", "hud-sensors-agent")).get("RABBITMQ_USERNAME"));
        assertEquals("agent-mq/password", passwordRef(pod(own, "DaemonSet", "hud-sensors-agent")), "the shared key");
        var missing = assertThrows(IllegalStateException.class, () -> Chart.template(external,
                Map.of("rabbitmq.external.existingSecret", "")));
        assertTrue(missing.getMessage().contains(".existingSecret (or rabbitmq.external.existingSecret, shared) is "
                + "required"), missing.getMessage());
    }

    /** Secret/key of the first container's RABBITMQ_PASSWORD. */
    private static String passwordRef(JsonNode pod) {
        for (JsonNode variable : pod.at("/containers/0/env")) {
            if (variable.path("name").asText().equals("RABBITMQ_PASSWORD")) {
                JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                return ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        throw new AssertionError("no RABBITMQ_PASSWORD");
    }

    @Test
    void verifyingTheServerNeedsACa() {
        var failure = assertThrows(IllegalStateException.class,
                () -> Chart.template(MANAGED, Map.of("postgresql.external.caSecret", "")));
        assertTrue(failure.getMessage().contains("postgresql.external.caSecret"), failure.getMessage());
        var badMode = assertThrows(IllegalStateException.class,
                () -> Chart.template(MANAGED, Map.of("postgresql.external.sslMode", "verify")));
        assertTrue(badMode.getMessage().contains("sslMode"), badMode.getMessage());
    }

    private static Map<String, JsonNode> volumes(JsonNode pod) {
        var volumes = new LinkedHashMap<String, JsonNode>();
        pod.at("/volumes").forEach(volume -> volumes.put(volume.get("name").asText(), volume));
        return volumes;
    }

    /** The Secret's CA is mounted read-only in the first container so that {@code file} is its ca.crt. */
    private static void assertMounted(JsonNode pod, String volume, String secret, String file) {
        JsonNode source = volumes(pod).get(volume);
        assertEquals(secret, source.at("/secret/secretName").asText(), volume);
        assertEquals("ca.crt", source.at("/secret/items/0/path").asText(), volume);
        JsonNode mount = null;
        for (JsonNode candidate : pod.at("/containers/0/volumeMounts")) {
            if (candidate.get("name").asText().equals(volume)) {
                mount = candidate;
            }
        }
        assertTrue(mount != null, volume + " is not mounted");
        assertTrue(mount.path("readOnly").asBoolean(), volume + " is mounted writable");
        assertEquals(file, mount.get("mountPath").asText() + "/ca.crt", volume);
    }
}
