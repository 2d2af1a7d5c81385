package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Argo CD and Flux render the chart at every sync without reading the cluster's Secrets: whatever the chart generates
 * (passwords, the token signing keys) would change at each sync and lock the services out of their own database and
 * broker. With every Secret given (ci/gitops-values.yaml) two renders are the same and every reference names a given
 * Secret.
 */
class GitOpsTest {

    private static final Path GITOPS = Chart.CHART.resolve("ci/gitops-values.yaml");
    private static final Set<String> GIVEN = Set.of("hud-auth", "hud-postgresql-credentials",
            "hud-rabbitmq-credentials");

    @Test
    void withEverySecretGivenTwoRendersAreTheSame() {
        assertEquals(Chart.template(GITOPS, Map.of()), Chart.template(GITOPS, Map.of()));
    }

    /** What the test above guards against: left to make its own, the chart makes new ones at every render. */
    @Test
    void leftToMakeItsOwnSecretsTheChartRendersNewOnesEachTime() {
        assertNotEquals(Chart.template(null, Map.of()), Chart.template(null, Map.of()));
    }

    @Test
    void everySecretReferenceNamesAGivenSecret() throws Exception {
        var manifests = Chart.render(GITOPS);
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("Secret")), "the chart makes no Secret");
        Set<String> referenced = new TreeSet<>();
        manifests.forEach(m -> collect(m.tree(), referenced));
        assertTrue(referenced.containsAll(GIVEN), "each given Secret is used: " + referenced);
        assertEquals(GIVEN, referenced, "no other Secret is referenced");
    }

    /**
     * The in-chart PostgreSQL's Secret, as helm/README.md's GitOps table says to make it: the render reads exactly the
     * keys the table names (a key it does not name would leave a pod waiting on it).
     */
    @Test
    void thePostgresqlSecretHoldsTheKeysTheReadmeNames() throws Exception {
        var row = Pattern.compile("\\| `postgresql.existingSecret`[^|]*\\|([^|]*)\\|")
                .matcher(Files.readString(Chart.ROOT.resolve("helm/README.md")));
        assertTrue(row.find(), "helm/README.md's GitOps table names postgresql.existingSecret");
        Set<String> documented = new TreeSet<>();
        var key = Pattern.compile("`([^`]+)`").matcher(row.group(1));
        while (key.find()) {
            documented.add(key.group(1));
        }
        Set<String> read = new TreeSet<>();
        Chart.render(GITOPS).forEach(m -> collectKeys(m.tree(), "hud-postgresql-credentials", read));
        assertEquals(documented, read);
    }

    /** Every key the chart reads from the given broker Secret is in helm/README.md's GitOps table, and no other. */
    @Test
    void theReadmeNamesEveryKeyReadFromTheGivenBrokerSecret() throws Exception {
        Set<String> keys = new TreeSet<>();
        Chart.render(GITOPS).forEach(m -> collectKeys(m.tree(), "hud-rabbitmq-credentials", keys));
        assertEquals(Set.of("password", "gateway-password", "trainer-password", "sensors-password",
                "sensors-agent-password", "keda-password", "amqp-url"), keys);
        String row = Files.readAllLines(Chart.ROOT.resolve("helm/README.md")).stream()
                .filter(line -> line.startsWith("| `rabbitmq.existingSecret`")).findFirst().orElseThrow();
        for (String key : keys) {
            assertTrue(row.contains("`" + key + "`"), "helm/README.md's GitOps table lacks " + key);
        }
    }

    /** Keys of one Secret read in secretKeyRef (env), secret volumes' items and KEDA's secretTargetRef. */
    private static void collectKeys(JsonNode node, String secret, Set<String> keys) {
        if (node.isObject()) {
            if (secret.equals(node.at("/secretKeyRef/name").asText())) {
                keys.add(node.at("/secretKeyRef/key").asText());
            }
            if (secret.equals(node.at("/secret/secretName").asText())) {
                node.at("/secret/items").forEach(item -> keys.add(item.path("key").asText()));
            }
            node.path("secretTargetRef").forEach(ref -> {
                if (secret.equals(ref.path("name").asText())) {
                    keys.add(ref.path("key").asText());
                }
            });
            node.forEach(child -> collectKeys(child, secret, keys));
        } else if (node.isArray()) {
            node.forEach(child -> collectKeys(child, secret, keys));
        }
    }

    /** Names in secretKeyRef (env), secret volumes, and KEDA's secretTargetRef. */
    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                switch (field.getKey()) {
                    case "secretKeyRef" -> names.add(field.getValue().path("name").asText());
                    case "secret" -> names.add(field.getValue().path("secretName").asText());
                    case "secretTargetRef" -> field.getValue().forEach(ref -> names.add(ref.path("name").asText()));
                    default -> collect(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }
}
