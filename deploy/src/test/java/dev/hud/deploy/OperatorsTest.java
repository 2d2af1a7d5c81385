package dev.hud.deploy;

import static dev.hud.deploy.Chart.env;
import static dev.hud.deploy.Chart.find;
import static dev.hud.deploy.Chart.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PostgreSQL on CloudNativePG and RabbitMQ on the RabbitMQ Cluster Operator (ci/operators-values.yaml): every custom
 * resource the chart renders is valid against the operator's published CRD ({@link CrdSchema}), and each service is
 * wired to what the operators make: its own PostgreSQL role over verified TLS, its own broker user.
 */
class OperatorsTest {

    private static final Path OPERATORS = Chart.CHART.resolve("ci/operators-values.yaml");
    private static final Set<String> GROUPS = Set.of("postgresql.cnpg.io", "barmancloud.cnpg.io", "rabbitmq.com");

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    /** Every custom resource of an operator, in every variant, is what its CRD accepts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyOperatorResourceIsValidAgainstItsCrd(Path values) throws Exception {
        for (var manifest : operated(Chart.render(values))) {
            assertEquals(List.of(), schema(manifest).violations(manifest.tree()), manifest.toString());
        }
    }

    @Test
    void theOperatorsVariantRendersEachKindOnce() throws Exception {
        var kinds = new TreeSet<String>();
        operated(Chart.render(OPERATORS)).forEach(m -> kinds.add(m.kind()));
        assertEquals(new TreeSet<>(List.of("Cluster", "Database", "ObjectStore", "Permission", "RabbitmqCluster",
                "ScheduledBackup", "User")), kinds);
        assertTrue(Chart.render(null).stream().noneMatch(m -> GROUPS.contains(group(m))), "none by default");
    }

    /** The checker refuses what the API server would: each seeded mistake is named with its path. */
    @Test
    void aWrongObjectIsRefused() throws Exception {
        var manifests = Chart.render(OPERATORS);
        var cluster = find(manifests, "Cluster", "hud-postgresql");
        ObjectNode spec = (ObjectNode) cluster.tree().path("spec");
        spec.put("instance", 3); // a typo of instances
        spec.put("instances", "3");
        ((ObjectNode) spec.at("/managed/roles/0")).put("ensure", "exists");
        ((ObjectNode) spec.at("/storage")).put("size", 20);
        assertEquals(List.of(".spec.instances: string \"3\", not integer", ".spec.storage.size: number 20, not string",
                ".spec.managed.roles[0].ensure: \"exists\" is not one of [\"present\",\"absent\"]",
                ".spec.instance: unknown field"), schema(cluster).violations(cluster.tree()));
        spec.remove("instances");
        assertTrue(schema(cluster).violations(cluster.tree()).contains(".spec.instances: required"));

        var rabbitmq = find(manifests, "RabbitmqCluster", "hud-rabbitmq");
        ObjectNode persistence = (ObjectNode) rabbitmq.at("/spec/persistence");
        persistence.put("storage", 10);
        assertEquals(List.of(), schema(rabbitmq).violations(rabbitmq.tree()), "int-or-string takes an integer");
        persistence.put("storage", true);
        persistence.put("storageClass", "fast-ssd"); // the field is storageClassName
        assertEquals(List.of(".spec.persistence.storage: boolean true, not an integer or a string",
                ".spec.persistence.storageClass: unknown field"), schema(rabbitmq).violations(rabbitmq.tree()));

        var permission = find(manifests, "Permission", "hud-rabbitmq-gateway");
        ((ObjectNode) permission.tree().path("spec")).remove("vhost");
        assertEquals(List.of(".spec.vhost: required"), schema(permission).violations(permission.tree()));
    }

    /** Unknown fields are refused only where the schema is structural: preserve-unknown-fields lets them in. */
    @Test
    void preservedUnknownFieldsAndNullsAreTheSchemasToAllow() throws Exception {
        var schema = new CrdSchema(Chart.YAML.readTree("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      closed: {type: object, properties: {a: {type: string}}}
                      maybe: {type: string, nullable: true}
                      never: {type: string}
                """));
        var object = Chart.YAML.readTree("""
                metadata: {name: x}
                spec:
                  free: {anything: [1, 2], goes: {here: true}}
                  closed: {a: x, b: y}
                  maybe: null
                  never: null
                """);
        assertEquals(List.of(".spec.closed.b: unknown field", ".spec.never: null"), schema.violations(object));
    }

    @Test
    void eachServiceLogsInAsItsOwnRoleOverVerifiedTls() throws Exception {
        var manifests = Chart.render(OPERATORS);
        for (var service : List.of(List.of("Deployment", "hud-gateway", "hud_gateway", "hud_gateway"),
                List.of("Deployment", "hud-sensors", "hud_telemetry", "hud_sensors"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            var env = env(pod);
            assertEquals("jdbc:postgresql://hud-postgresql-rw:5432/" + service.get(2)
                    + "?sslmode=verify-full&sslrootcert=/etc/hud/postgresql-ca/ca.crt",
                    env.get("QUARKUS_DATASOURCE_JDBC_URL"), service.get(1));
            assertEquals(service.get(3), env.get("QUARKUS_DATASOURCE_USERNAME"));
            assertEquals("false", env.get("HUD_DATABASE_CREATE_IF_MISSING"), "the operator makes the databases");
            String secret = secretRef(pod, "QUARKUS_DATASOURCE_PASSWORD");
            assertEquals(service.get(3), roleOf(manifests, secret), secret + " is the role's Secret");
            assertCaMounted(pod);
        }
        var roles = find(manifests, "Cluster", "hud-postgresql").at("/spec/managed/roles");
        var byName = new LinkedHashMap<String, JsonNode>();
        roles.forEach(role -> byName.put(role.path("name").asText(), role));
        assertEquals(List.of("hud_gateway", "hud_sensors", "hud_backup"), List.copyOf(byName.keySet()));
        for (JsonNode role : roles) {
            assertTrue(role.path("login").asBoolean() && !role.path("superuser").asBoolean(true)
                    && !role.path("createdb").asBoolean(true) && !role.path("createrole").asBoolean(true), "" + role);
            assertEquals(role.path("name").asText(), roleOf(manifests, role.at("/passwordSecret/name").asText()));
        }
        assertEquals("[\"pg_read_all_data\"]", byName.get("hud_backup").path("inRoles").toString());
        assertTrue(byName.get("hud_gateway").path("inRoles").isMissingNode(), "no role of the services is in another");
        var owners = new LinkedHashMap<String, String>();
        manifests.stream().filter(m -> m.kind().equals("Database"))
                .forEach(db -> owners.put(db.at("/spec/name").asText(), db.at("/spec/owner").asText()));
        assertEquals(Map.of("hud_gateway", "hud_gateway", "hud_telemetry", "hud_sensors"), owners);
        assertEquals("hud-postgresql-gateway",
                find(manifests, "Cluster", "hud-postgresql").at("/spec/bootstrap/initdb/secret/name").asText(),
                "the first database's owner bootstraps with its own Secret, so no app role is made");
    }

    @Test
    void theDumpRunsAsTheReadOnlyRoleWithTheServersPgDump() throws Exception {
        var manifests = Chart.render(OPERATORS);
        JsonNode pod = pod(manifests, "CronJob", "hud-backup");
        String script = pod.at("/containers/0/args/0").asText();
        assertTrue(script.contains("pg_dump -h hud-postgresql-rw -p 5432 -U hud_backup "), script);
        assertEquals("hud_backup", roleOf(manifests, secretRef(pod, "PGPASSWORD")));
        assertEquals(find(manifests, "Cluster", "hud-postgresql").at("/spec/imageName").asText(),
                pod.at("/containers/0/image").asText(), "pg_dump of the server's major version");
        var env = env(pod);
        assertEquals("verify-full", env.get("PGSSLMODE"));
        assertEquals("/etc/hud/postgresql-ca/ca.crt", env.get("PGSSLROOTCERT"));
        assertCaMounted(pod);
    }

    @Test
    void backupsToObjectStorageAreOffByDefaultAndGoThroughThePlugin() throws Exception {
        var manifests = Chart.render(OPERATORS);
        var cluster = find(manifests, "Cluster", "hud-postgresql");
        assertEquals("barman-cloud.cloudnative-pg.io", cluster.at("/spec/plugins/0/name").asText());
        assertTrue(cluster.at("/spec/plugins/0/isWALArchiver").asBoolean());
        String store = cluster.at("/spec/plugins/0/parameters/barmanObjectName").asText();
        var objectStore = find(manifests, "ObjectStore", store);
        assertEquals("hud-backup-s3", objectStore.at("/spec/configuration/s3Credentials/accessKeyId/name").asText());
        assertTrue(objectStore.at("/spec/configuration/serverName").isMissingNode(), "the CRD's rule: no serverName");
        var scheduled = find(manifests, "ScheduledBackup", "hud-postgresql");
        assertEquals("plugin", scheduled.at("/spec/method").asText());
        assertEquals("barman-cloud.cloudnative-pg.io", scheduled.at("/spec/pluginConfiguration/name").asText());
        assertEquals(6, scheduled.at("/spec/schedule").asText().split(" ").length, "seconds first");

        var plain = Chart.parse(Chart.template(null, Map.of("postgresql.mode", "cloudnativepg")));
        assertTrue(find(plain, "Cluster", "hud-postgresql").at("/spec/plugins").isMissingNode());
        assertTrue(plain.stream().noneMatch(m -> Set.of("ObjectStore", "ScheduledBackup").contains(m.kind())));
        var missing = assertThrows(IllegalStateException.class, () -> Chart.template(null,
                Map.of("postgresql.mode", "cloudnativepg", "postgresql.cloudnativepg.backups.enabled", true)));
        assertTrue(missing.getMessage().contains("postgresql.cloudnativepg.backups.destinationPath"),
                missing.getMessage());
    }

    @Test
    void eachServiceIsItsOwnBrokerUserWithTheTopologyOperator() throws Exception {
        var manifests = Chart.render(OPERATORS);
        for (var service : List.of(List.of("Deployment", "hud-gateway", "hud-gateway"),
                List.of("Deployment", "hud-trainer-cpu", "hud-trainer"),
                List.of("Deployment", "hud-sensors", "hud-sensors"),
                List.of("DaemonSet", "hud-sensors-agent", "hud-sensors-agent"))) {
            JsonNode pod = pod(manifests, service.get(0), service.get(1));
            var env = env(pod);
            assertEquals("hud-rabbitmq", env.get("RABBITMQ_HOST"), "the RabbitmqCluster's Service");
            assertEquals("5672", env.get("RABBITMQ_PORT"));
            String secret = secretRef(pod, "RABBITMQ_PASSWORD");
            assertEquals(secret, secretRef(pod, "RABBITMQ_USERNAME"));
            var user = manifests.stream().filter(m -> m.kind().equals("User")
                    && m.at("/spec/importCredentialsSecret/name").asText().equals(secret)).findFirst()
                    .orElseThrow(() -> new AssertionError(service.get(1) + ": no User imports " + secret));
            assertEquals("hud-rabbitmq", user.at("/spec/rabbitmqClusterReference/name").asText());
            assertEquals(service.get(2), decoded(find(manifests, "Secret", secret), "username"));
            var permission = manifests.stream().filter(m -> m.kind().equals("Permission")
                    && m.at("/spec/userReference/name").asText().equals(user.name())).findFirst().orElseThrow();
            assertEquals("/", permission.at("/spec/vhost").asText());
            for (String right : List.of("configure", "write", "read")) {
                String granted = permission.at("/spec/permissions/" + right).asText();
                assertTrue(granted.startsWith("^(") || granted.equals("^$"),
                        service.get(1) + " may " + right + " only what it uses (hud.rabbitmqUsers), not .*");
            }
        }
        assertEquals("^(hud\\.sensors\\.samples|hud\\.sensors\\.dlx|hud\\.sensors\\.store"
                + "|hud\\.sensors\\.stream\\..+)$",
                find(manifests, "Permission", "hud-rabbitmq-sensors").at("/spec/permissions/read").asText(),
                "the in-chart broker's table, which RabbitMqUsersTest proves");
        var agent = find(manifests, "Permission", "hud-rabbitmq-sensors-agent").at("/spec/permissions");
        assertEquals("^(hud\\.sensors\\.samples)$", agent.path("write").asText(), "an agent publishes samples");
        assertEquals("^$", agent.path("read").asText(), "and reads nothing");
        var trainer = find(manifests, "TriggerAuthentication", "hud-trainer-cpu");
        assertEquals("hud-rabbitmq-default-user", trainer.at("/spec/secretTargetRef/0/name").asText());
        assertEquals("connection_string", trainer.at("/spec/secretTargetRef/0/key").asText(), "KEDA's amqp:// URL");
    }

    @Test
    void withoutTheTopologyOperatorEveryServiceIsTheDefaultUser() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of("rabbitmq.mode", "operator")));
        assertTrue(manifests.stream().noneMatch(m -> Set.of("User", "Permission").contains(m.kind())));
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("StatefulSet") && m.name().equals("hud-rabbitmq")),
                "no in-chart broker");
        JsonNode pod = pod(manifests, "Deployment", "hud-gateway");
        assertEquals("hud-rabbitmq-default-user", secretRef(pod, "RABBITMQ_USERNAME"));
        assertEquals("hud-rabbitmq-default-user", secretRef(pod, "RABBITMQ_PASSWORD"));
        assertEquals(3, find(manifests, "RabbitmqCluster", "hud-rabbitmq").at("/spec/replicas").asInt());
    }

    /** Under GitOps the Secrets are given: the chart makes none, every render is the same, each is referenced. */
    @Test
    void withTheSecretsGivenTheChartMakesNone() throws Exception {
        var sets = new LinkedHashMap<String, Object>();
        sets.put("auth.existingSecret", "hud-auth");
        for (String role : List.of("gateway", "sensors", "backup")) {
            sets.put("postgresql.cloudnativepg.existingSecrets." + role, "db-" + role);
        }
        for (String user : List.of("gateway", "trainer", "sensors", "sensorsAgent")) {
            sets.put("rabbitmq.operator.topology.existingSecrets." + user, "mq-" + user);
        }
        String render = Chart.template(OPERATORS, sets);
        assertEquals(render, Chart.template(OPERATORS, sets));
        assertNotEquals(Chart.template(OPERATORS, Map.of()), Chart.template(OPERATORS, Map.of()),
                "left to make its own, the chart makes new passwords each time");
        var manifests = Chart.parse(render);
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("Secret")), "the chart makes no Secret");
        String all = render;
        for (Object secret : sets.values()) {
            assertTrue(all.contains("name: " + secret), secret + " is used");
        }
    }

    @Test
    void theDataServicesOfTheChartAreGoneInTheOperatorModes() throws Exception {
        var manifests = Chart.render(OPERATORS);
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("StatefulSet")), "no in-chart StatefulSet");
        var names = manifests.stream().filter(m -> m.kind().equals("Secret")).map(Chart.Manifest::name).toList();
        assertFalse(names.contains("hud-postgresql") || names.contains("hud-rabbitmq"), names.toString());
        for (var secret : manifests.stream().filter(m -> m.kind().equals("Secret")).toList()) {
            assertEquals("keep", secret.at("/metadata/annotations/helm.sh~1resource-policy").asText(),
                    secret + " is kept on uninstall, as the data is");
        }
    }

    /** An operator's option without its mode would render nothing and say nothing: it is refused, naming both. */
    @Test
    void anOperatorsOptionWithoutItsModeIsRefused() {
        var users = assertThrows(IllegalStateException.class,
                () -> Chart.template(null, Map.of("rabbitmq.operator.topology.enabled", true)));
        assertTrue(users.getMessage().contains("rabbitmq.mode=operator"), users.getMessage());
        var backups = assertThrows(IllegalStateException.class,
                () -> Chart.template(null, Map.of("postgresql.cloudnativepg.backups.enabled", true)));
        assertTrue(backups.getMessage().contains("postgresql.mode=cloudnativepg"), backups.getMessage());
    }

    private static List<Chart.Manifest> operated(List<Chart.Manifest> manifests) {
        return manifests.stream().filter(m -> GROUPS.contains(group(m))).toList();
    }

    private static String group(Chart.Manifest manifest) {
        String apiVersion = manifest.tree().path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    private static CrdSchema schema(Chart.Manifest manifest) throws Exception {
        return CrdSchema.of(manifest.tree().path("apiVersion").asText(), manifest.kind());
    }

    /** The role a basic-auth Secret of the chart is for (its username), checking its type. */
    private static String roleOf(List<Chart.Manifest> manifests, String secret) {
        var found = find(manifests, "Secret", secret);
        assertEquals("kubernetes.io/basic-auth", found.at("/type").asText(), secret);
        assertEquals("true", found.at("/metadata/labels/cnpg.io~1reload").asText(), secret + ": reloaded at once");
        assertTrue(decoded(found, "password").length() >= 24, secret);
        return decoded(found, "username");
    }

    private static String decoded(Chart.Manifest secret, String key) {
        return new String(Base64.getDecoder().decode(secret.at("/data/" + key).asText()), StandardCharsets.UTF_8);
    }

    private static String secretRef(JsonNode pod, String variable) {
        var names = new ArrayList<String>();
        pod.at("/containers/0/env").forEach(entry -> {
            if (entry.path("name").asText().equals(variable)) {
                names.add(entry.at("/valueFrom/secretKeyRef/name").asText());
            }
        });
        assertEquals(1, names.size(), variable);
        return names.get(0);
    }

    /** CloudNativePG's CA (Secret hud-postgresql-ca, ca.crt only) read-only where sslrootcert points. */
    private static void assertCaMounted(JsonNode pod) {
        JsonNode volume = null;
        for (JsonNode candidate : pod.path("volumes")) {
            if (candidate.path("name").asText().equals("postgresql-ca")) {
                volume = candidate;
            }
        }
        assertTrue(volume != null, "no postgresql-ca volume");
        assertEquals("hud-postgresql-ca", volume.at("/secret/secretName").asText());
        assertEquals("[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]", volume.at("/secret/items").toString(),
                "the CA's certificate only, not its key");
        boolean mounted = false;
        for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
            mounted |= mount.path("name").asText().equals("postgresql-ca")
                    && mount.path("mountPath").asText().equals("/etc/hud/postgresql-ca")
                    && mount.path("readOnly").asBoolean();
        }
        assertTrue(mounted, "the CA is mounted read-only at /etc/hud/postgresql-ca");
    }
}
