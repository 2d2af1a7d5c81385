package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Scheduling and rollout: how scalers scale down, how long a trainer has to hand back its trials, where pods spread and
 * run, and that every component's scheduling values land where Kubernetes reads them.
 */
class SchedulingTest {

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    /** Every HPA, and KEDA's, scales down slowly: a window, then at most one pod a minute. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyScalerScalesDownSlowly(Path values) throws Exception {
        var problems = new ArrayList<String>();
        int scalers = 0;
        for (var manifest : Chart.render(values)) {
            JsonNode behavior = switch (manifest.kind()) {
                case "HorizontalPodAutoscaler" -> manifest.at("/spec/behavior");
                case "ScaledObject" -> manifest.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior");
                default -> null;
            };
            if (behavior == null) {
                continue;
            }
            scalers++;
            JsonNode down = behavior.path("scaleDown");
            if (down.path("stabilizationWindowSeconds").asInt() < 300) {
                problems.add(manifest + ": scale-down window " + down.path("stabilizationWindowSeconds"));
            }
            boolean onePodAMinute = false;
            for (JsonNode policy : down.path("policies")) {
                onePodAMinute |= policy.path("type").asText().equals("Pods") && policy.path("value").asInt() == 1
                        && policy.path("periodSeconds").asInt() >= 60;
            }
            if (!onePodAMinute || !down.path("selectPolicy").asText().equals("Min")) {
                problems.add(manifest + ": scale-down policies " + down);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(scalers > 0 || values.toString().contains("minimal"), values + " has a scaler");
    }

    /**
     * On SIGTERM a trainer waits for its HTTP requests (Quarkus' shutdown timeout), stops its batch at the next epoch
     * and hands its trials back: the grace period covers that with room to spare, and no preStop delays it.
     */
    @Test
    void aTrainerHasTimeToHandBackItsTrials() throws Exception {
        var properties = new Properties();
        try (var in = Files.newInputStream(Chart.ROOT.resolve("trainer/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        long shutdown = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.timeout").toUpperCase())
                .toSeconds();
        var manifests = Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml"));
        for (String name : List.of("hud-trainer-cpu", "hud-trainer-gpu")) {
            JsonNode pod = VolumesTest.deployment(manifests, name).at("/spec/template/spec");
            assertTrue(pod.path("terminationGracePeriodSeconds").asLong() >= shutdown + 20,
                    name + ": grace " + pod.path("terminationGracePeriodSeconds") + " s, shutdown " + shutdown + " s");
            assertTrue(pod.at("/containers/0/lifecycle/preStop").isMissingNode(), name);
        }
    }

    /** A GPU trainer's old pod gives its GPU back before the new one asks for it; CPU trainers on RWX roll. */
    @Test
    void gpuTrainersAreRecreated() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml"));
        assertEquals("Recreate",
                VolumesTest.deployment(manifests, "hud-trainer-gpu").at("/spec/strategy/type").asText());
        assertTrue(VolumesTest.deployment(manifests, "hud-trainer-cpu").at("/spec/strategy").isMissingNode());
    }

    /**
     * Gateway, cdn and sensors hub replicas spread over nodes and zones, softly, each constraint counting the
     * component's pods.
     */
    @Test
    void gatewayCdnAndHubsSpreadSoftlyByNodeAndZone() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml"));
        for (String name : List.of("hud-gateway", "hud-cdn", "hud-sensors")) {
            JsonNode template = VolumesTest.deployment(manifests, name).at("/spec/template");
            var keys = new TreeSet<String>();
            for (JsonNode constraint : template.at("/spec/topologySpreadConstraints")) {
                assertEquals("ScheduleAnyway", constraint.path("whenUnsatisfiable").asText(), name);
                assertEquals(1, constraint.path("maxSkew").asInt(), name);
                assertTrue(Policy.matches(constraint.path("labelSelector"), template.at("/metadata/labels")),
                        name + ": its constraint counts its own pods");
                keys.add(constraint.path("topologyKey").asText());
            }
            assertEquals(new TreeSet<>(List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone")), keys, name);
        }
    }

    /**
     * The sensors' agents run on every Linux node, whatever its taints, with an optional priority; their hubs are
     * scheduled as any Deployment (no node selector, no toleration of their own).
     */
    @Test
    void sensorsAgentsRunOnEveryLinuxNodeWithAnOptionalPriority() throws Exception {
        var manifests = Chart.render(null);
        JsonNode pod = manifests.stream().filter(m -> m.kind().equals("DaemonSet")).findFirst().orElseThrow()
                .at("/spec/template/spec");
        assertEquals("linux", pod.at("/nodeSelector/kubernetes.io~1os").asText());
        assertEquals("Exists", pod.at("/tolerations/0/operator").asText());
        assertTrue(pod.path("priorityClassName").isMissingNode());
        JsonNode hub = VolumesTest.deployment(manifests, "hud-sensors").at("/spec/template/spec");
        assertTrue(hub.path("nodeSelector").isMissingNode() && hub.path("tolerations").isMissingNode(), hub
                .toString());
        var prioritized = Chart.parse(Chart.template(null, Map.of("sensors.priorityClassName", "node-agents")));
        assertEquals("node-agents", prioritized.stream().filter(m -> m.kind().equals("DaemonSet")).findFirst()
                .orElseThrow().at("/spec/template/spec/priorityClassName").asText());
    }

    /**
     * Each component's nodeSelector, affinity, tolerations, extraEnv (not the backup job's), resources and
     * podAnnotations, where read.
     */
    @Test
    void everyComponentsSchedulingValuesLandInItsPods() throws Exception {
        var components = Map.of("gateway", "Deployment/hud-gateway", "cdn", "Deployment/hud-cdn", "trainer.cpu",
                "Deployment/hud-trainer-cpu", "trainer.gpu", "Deployment/hud-trainer-gpu", "sensors",
                "DaemonSet/hud-sensors-agent", "sensors.hub", "Deployment/hud-sensors", "postgresql",
                "StatefulSet/hud-postgresql", "rabbitmq", "StatefulSet/hud-rabbitmq", "backup", "CronJob/hud-backup");
        var tree = (ObjectNode) Chart.YAML
                .readTree(
                        "trainer: {state: {accessMode: ReadWriteMany}, gpu: {enabled: true}}\nbackup: {enabled: true}");
        for (String component : components.keySet()) {
            String tag = component.replace('.', '-');
            ObjectNode at = tree;
            for (String part : component.split("\\.")) {
                at = at.has(part) ? (ObjectNode) at.get(part) : at.putObject(part);
            }
            at.setAll((ObjectNode) Chart.YAML.readTree("nodeSelector: {pool: " + tag + "}\n"
                    + "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
                    + " [{matchExpressions: [{key: zone-of, operator: In, values: [" + tag + "]}]}]}}}\n"
                    + "tolerations: [{key: dedicated, operator: Equal, value: " + tag + ", effect: NoSchedule}]\n"
                    + (component.equals("backup") ? "" : "extraEnv: [{name: EXTRA, value: " + tag + "}]\n")
                    + "resources: {requests: {cpu: 123m, memory: 321Mi}, limits: {cpu: '1', memory: 1Gi}}\n"
                    + "podAnnotations: {example.com/of: " + tag + "}\n"));
        }
        Path values = Files.createTempFile("scheduling", ".yaml");
        Chart.YAML.writeValue(values.toFile(), tree);
        var manifests = Chart.render(values);
        Files.delete(values);
        var problems = new ArrayList<String>();
        components.forEach((component, object) -> {
            String tag = component.replace('.', '-');
            var workload = manifests.stream().filter(m -> (m.kind() + "/" + m.name()).equals(object)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + object));
            JsonNode template = workload.at(workload.kind().equals("CronJob") ? "/spec/jobTemplate/spec/template"
                    : "/spec/template");
            JsonNode pod = template.path("spec");
            JsonNode container = pod.at("/containers/0");
            check(problems, object, "nodeSelector", pod.at("/nodeSelector/pool").asText(), tag);
            check(problems, object, "affinity", pod.at("/affinity/nodeAffinity"
                    + "/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values/0")
                    .asText(), tag);
            boolean tolerated = false;
            for (JsonNode toleration : pod.path("tolerations")) {
                tolerated |= toleration.path("value").asText().equals(tag);
            }
            check(problems, object, "tolerations", String.valueOf(tolerated), "true");
            String extra = null;
            for (JsonNode variable : container.path("env")) {
                if (variable.path("name").asText().equals("EXTRA")) {
                    extra = variable.path("value").asText();
                }
            }
            check(problems, object, "extraEnv", extra, component.equals("backup") ? null : tag);
            check(problems, object, "resources", container.at("/resources/requests/memory").asText(), "321Mi");
            check(problems, object, "podAnnotations", template.at("/metadata/annotations/example.com~1of").asText(),
                    tag);
        });
        assertEquals(List.of(), problems);
        var gateway = VolumesTest.deployment(manifests, "hud-gateway").at("/spec/template/metadata/annotations");
        assertEquals("true", gateway.path("prometheus.io/scrape").asText(), "beside the scrape annotations");
    }

    private static void check(List<String> problems, String object, String what, String found, String expected) {
        if (!java.util.Objects.equals(expected, found)) {
            problems.add(object + " " + what + ": " + found);
        }
    }
}
