package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How Prometheus scrapes the services: annotations on their pods naming the management port, a PodMonitor where the
 * Prometheus Operator's CRD is served (rendered with Helm 4's {@code --api-versions}, as a cluster would answer), and
 * NetworkPolicies that let the scraper's namespace, and no one else, reach the management ports.
 */
class MetricsTest {

    private static final Set<String> SERVICES = Set.of("gateway", "trainer", "sensors", "sensors-agent", "cdn");

    @Test
    void everyServicesPodsAreAnnotatedWithTheirManagementPort() throws Exception {
        List<JsonNode> pods = servicePods(Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml")));
        assertEquals(6, pods.size(), "gateway, cdn, sensors hubs and agents, CPU and GPU trainers");
        for (JsonNode pod : pods) {
            JsonNode annotations = pod.at("/metadata/annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), pod.toString());
            assertEquals(String.valueOf(managementPort(pod)), annotations.path("prometheus.io/port").asText());
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        }
        var without = servicePods(Chart.parse(Chart.template(null, Map.of("metrics.annotations", false))));
        assertTrue(without.stream().allMatch(pod -> pod.at("/metadata/annotations").isMissingNode()),
                "metrics.annotations=false leaves them out");
    }

    @Test
    void onlyTheScrapersNamespaceReachesTheManagementPorts() throws Exception {
        var manifests = Chart.render(null);
        for (String service : SERVICES) {
            var policy = manifests.stream()
                    .filter(m -> m.kind().equals("NetworkPolicy") && m.name().equals("hud-" + service)).findFirst()
                    .orElseThrow();
            int port = managementPort(servicePods(manifests).stream()
                    .filter(pod -> pod.at("/metadata/labels/app.kubernetes.io~1component").asText().equals(service))
                    .findFirst().orElseThrow());
            List<JsonNode> rules = new ArrayList<>();
            policy.at("/spec/ingress").forEach(rule -> {
                rule.path("ports").forEach(p -> {
                    if (p.path("port").asInt() == port) {
                        rules.add(rule);
                    }
                });
            });
            assertEquals(1, rules.size(), service + ": one rule opens the management port");
            JsonNode from = rules.get(0).path("from");
            assertEquals(1, from.size(), service + ": one peer");
            assertEquals("monitoring", from.get(0).at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                    .asText(), service + ": the scraper's namespace");
            assertTrue(from.get(0).path("podSelector").isMissingNode(), service + ": any pod of that namespace");
        }
    }

    @Test
    void aPodMonitorWhereTheOperatorsApiIsServed() throws Exception {
        var served = helm4("--api-versions", "monitoring.coreos.com/v1/PodMonitor", "--set",
                "metrics.podMonitor.enabled=true", "--set", "metrics.podMonitor.labels.release=prometheus");
        var monitors = served.stream().filter(m -> m.kind().equals("PodMonitor")).toList();
        assertEquals(1, monitors.size());
        JsonNode monitor = monitors.get(0).tree();
        assertEquals("prometheus", monitor.at("/metadata/labels/release").asText());
        assertEquals("management", monitor.at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals("/q/metrics", monitor.at("/spec/podMetricsEndpoints/0/path").asText());
        // What it selects: exactly the services' pods, each of which has a port named management.
        for (JsonNode pod : servicePods(served)) {
            assertTrue(Policy.matches(monitor.at("/spec/selector"), pod.at("/metadata/labels")), pod.toString());
            assertTrue(managementPort(pod) > 0);
        }
        served.stream().filter(m -> m.at("/spec/template/metadata/labels").isObject())
                .filter(m -> !SERVICES.contains(m.at("/spec/template/metadata/labels/app.kubernetes.io~1component")
                        .asText()))
                .forEach(other -> assertFalse(Policy.matches(monitor.at("/spec/selector"),
                        other.at("/spec/template/metadata/labels")), other + " is not scraped"));

        assertTrue(helm4("--set", "metrics.podMonitor.enabled=true").stream()
                .noneMatch(m -> m.kind().equals("PodMonitor")), "not where the cluster lacks the CRD");
        assertTrue(helm4("--api-versions", "monitoring.coreos.com/v1/PodMonitor").stream()
                .noneMatch(m -> m.kind().equals("PodMonitor")), "not unless asked for");
    }

    private static List<Chart.Manifest> helm4(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of("template", "hud", Chart.CHART.toString(), "--namespace", "hud",
                "--set", "auth.lookupExisting=false", "--skip-tests"));
        command.addAll(List.of(arguments));
        var result = Helm4.run(command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        return Chart.parse(result.output());
    }

    /** The pod templates of the services' workloads. */
    private static List<JsonNode> servicePods(List<Chart.Manifest> manifests) {
        return manifests.stream().map(m -> m.at("/spec/template")).filter(JsonNode::isObject)
                .filter(pod -> SERVICES.contains(pod.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .toList();
    }

    private static int managementPort(JsonNode pod) {
        for (JsonNode port : pod.at("/spec/containers/0/ports")) {
            if (port.path("name").asText().equals("management")) {
                return port.path("containerPort").asInt();
            }
        }
        return -1;
    }
}
