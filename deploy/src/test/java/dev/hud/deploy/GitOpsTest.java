package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Chart.render(GITOPS).forEach(m -> keys(m.tree(), "hud-postgresql-credentials", read));
        assertEquals(documented, read);
    }

    /** The keys of one Secret that secretKeyRefs read. */
    private static void keys(JsonNode node, String secret, Set<String> keys) {
        if (node.has("secretKeyRef") && node.at("/secretKeyRef/name").asText().equals(secret)) {
            keys.add(node.at("/secretKeyRef/key").asText());
        }
        (node.isObject() || node.isArray() ? node : List.<JsonNode>of()).forEach(child -> keys(child, secret, keys));
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
