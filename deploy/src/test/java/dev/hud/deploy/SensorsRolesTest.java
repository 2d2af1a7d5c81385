package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sensors' two roles as the chart runs them (dev.hud.sensors.node.Role): an agent per node, which samples it and
 * publishes, and holds nothing else (no database, no token, no HTTP port); and the hubs, which store and stream every
 * node's samples, hold nothing of the node, and scale like the gateway.
 */
class SensorsRolesTest {

    private static final String SENSORS_CONFIG = "sensors/src/main/java/dev/hud/sensors/node/SensorsConfig.java";

    @Test
    void anAgentSamplesItsNodeAndHoldsNothingElse() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of("sensors.agent.buffer", 1200)));
        JsonNode pod = Chart.pod(manifests, "DaemonSet", "hud-sensors-agent");
        JsonNode container = pod.at("/containers/0");
        var env = Chart.env(pod);
        assertEquals("agent", env.get("HUD_SENSORS_ROLE"));
        assertEquals("spec.nodeName", valueFrom(container, "HUD_SENSORS_NODE_NAME").at("/fieldRef/fieldPath")
                .asText());
        assertEquals("/host/sys", env.get("HUD_SENSORS_SYS_ROOT"));
        assertEquals("/host/proc", env.get("HUD_SENSORS_PROC_ROOT"));
        assertEquals("1200", env.get("HUD_SENSORS_PUBLISH_BUFFER"), "sensors.agent.buffer");
        assertEquals("hud-sensors-agent", env.get("RABBITMQ_USERNAME"));
        var held = env.keySet().stream().filter(key -> key.startsWith("QUARKUS_DATASOURCE")
                || key.startsWith("HUD_DATABASE") || key.contains("JWT") || key.contains("PROXY")
                || key.startsWith("HUD_SENSORS_RETENTION") || key.startsWith("HUD_SENSORS_PARTITIONS")).toList();
        assertEquals(List.of(), held, "no database, no token, no proxies, no retention");

        // RoleDefaults turns the HTTP port off: health and metrics on the management port only, probed there.
        assertEquals(List.of("management:9082"), ports(container));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("management", container.at("/" + probe + "/httpGet/port").asText(), probe);
        }
        var kinds = new ArrayList<String>();
        for (JsonNode volume : pod.path("volumes")) {
            kinds.add(volume.has("hostPath") ? "hostPath" : volume.has("emptyDir") ? "emptyDir" : volume.toString());
        }
        assertEquals(Set.of("hostPath", "emptyDir"), Set.copyOf(kinds), "no Secret mounted (no token key)");
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().startsWith("/host/")) {
                assertTrue(mount.path("readOnly").asBoolean(), mount.toString());
            }
        }
    }

    @Test
    void aHubHasNothingOfTheNode() throws Exception {
        var manifests = Chart.render(null);
        JsonNode pod = Chart.pod(manifests, "Deployment", "hud-sensors");
        JsonNode container = pod.at("/containers/0");
        var env = Chart.env(pod);
        assertEquals("hub", env.get("HUD_SENSORS_ROLE"));
        assertEquals("hud-sensors", env.get("RABBITMQ_USERNAME"));
        assertEquals("hud_sensors", env.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("/etc/hud/jwt/jwt-public.pem", env.get("HUD_JWT_PUBLIC_KEY_LOCATION"), "history is signed-in");
        for (String node : List.of("HUD_SENSORS_NODE_NAME", "HUD_SENSORS_SYS_ROOT", "HUD_SENSORS_PROC_ROOT",
                "HUD_SENSORS_PUBLISH_BUFFER")) {
            assertFalse(env.containsKey(node), node);
        }
        for (JsonNode volume : pod.path("volumes")) {
            assertFalse(volume.has("hostPath"), volume.toString());
        }
        assertEquals(List.of("http:8082", "management:9082"), ports(container));
        // The Service the Ingress routes /api/sensors to reaches the hubs, never an agent.
        JsonNode selector = Chart.find(manifests, "Service", "hud-sensors").at("/spec/selector");
        assertTrue(Policy.matches(wrap(selector), template(manifests, "Deployment", "hud-sensors")));
        assertFalse(Policy.matches(wrap(selector), template(manifests, "DaemonSet", "hud-sensors-agent")));
    }

    /** The hubs scale on CPU (the HPA owns their replicas), one stays through a drain, and none of it is an agent's. */
    @Test
    void theHubsScaleOnCpuAndKeepOneThroughDisruptions() throws Exception {
        var manifests = Chart.render(null);
        var hpa = Chart.find(manifests, "HorizontalPodAutoscaler", "hud-sensors");
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("hud-sensors", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals(2, hpa.at("/spec/minReplicas").asInt());
        assertEquals(6, hpa.at("/spec/maxReplicas").asInt());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        assertEquals(70, hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertTrue(Chart.find(manifests, "Deployment", "hud-sensors").at("/spec/replicas").isMissingNode(),
                "the HPA owns the replicas");
        var pdb = Chart.find(manifests, "PodDisruptionBudget", "hud-sensors");
        assertEquals(1, pdb.at("/spec/minAvailable").asInt());
        assertTrue(Policy.matches(pdb.at("/spec/selector"), template(manifests, "Deployment", "hud-sensors")));
        assertFalse(Policy.matches(pdb.at("/spec/selector"), template(manifests, "DaemonSet", "hud-sensors-agent")));

        var fixed = Chart.parse(Chart.template(null, Map.of("sensors.hub.autoscaling.enabled", false,
                "sensors.hub.replicas", 3)));
        assertEquals(3, Chart.find(fixed, "Deployment", "hud-sensors").at("/spec/replicas").asInt());
        assertTrue(fixed.stream().noneMatch(m -> m.kind().equals("HorizontalPodAutoscaler")
                && m.name().equals("hud-sensors")));
    }

    /** The agent's own broker password is a key of the chart's RabbitMQ Secret, made and kept like the others'. */
    @Test
    void theAgentsPasswordIsInTheBrokerSecret() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of()));
        JsonNode ref = valueFrom(Chart.pod(manifests, "DaemonSet", "hud-sensors-agent").at("/containers/0"),
                "RABBITMQ_PASSWORD").path("secretKeyRef");
        assertEquals("hud-rabbitmq", ref.path("name").asText());
        assertEquals("sensors-agent-password", ref.path("key").asText());
        assertTrue(Chart.find(manifests, "Secret", "hud-rabbitmq").at("/data/sensors-agent-password").isTextual());
    }

    /** Each HUD_SENSORS_ variable of either role names a key SensorsConfig reads (an unknown one would be ignored). */
    @Test
    void theRolesVariablesAreKeysTheSensorsRead() throws Exception {
        String config = Files.readString(Chart.ROOT.resolve(SENSORS_CONFIG));
        var manifests = Chart.render(null);
        for (var workload : List.of(List.of("DaemonSet", "hud-sensors-agent"), List.of("Deployment", "hud-sensors"))) {
            for (String variable : Chart.env(Chart.pod(manifests, workload.get(0), workload.get(1))).keySet()) {
                if (!variable.startsWith("HUD_SENSORS_") || variable.startsWith("HUD_SENSORS_RETENTION")
                        || variable.startsWith("HUD_SENSORS_PARTITIONS")) {
                    continue; // the retention's keys are Retention's (ValuesRulesTest)
                }
                var method = new StringBuilder();
                for (String word : variable.substring("HUD_SENSORS_".length()).toLowerCase().split("_")) {
                    method.append(method.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
                }
                assertTrue(config.contains(" " + method + "();"), workload.get(1) + ": " + variable + " is "
                        + method + "() of SensorsConfig");
            }
        }
    }

    private static JsonNode valueFrom(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("valueFrom");
            }
        }
        throw new AssertionError("no " + name);
    }

    private static List<String> ports(JsonNode container) {
        var ports = new ArrayList<String>();
        container.path("ports").forEach(port -> ports.add(port.path("name").asText() + ":"
                + port.path("containerPort").asInt()));
        return ports;
    }

    private static JsonNode template(List<Chart.Manifest> manifests, String kind, String name) {
        return Chart.find(manifests, kind, name).at("/spec/template/metadata/labels");
    }

    /** A Service's selector as a label selector. */
    private static JsonNode wrap(JsonNode selector) {
        return Chart.YAML.createObjectNode().set("matchLabels", selector);
    }
}
