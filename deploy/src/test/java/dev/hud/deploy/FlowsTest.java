package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every connection the rendered system makes, derived from the rendered objects themselves (a Service's name in a
 * container's environment or command, with its port), checked against the rendered NetworkPolicies by a small
 * evaluator of their semantics: what the chart needs is allowed, and a flow it does not need is refused.
 */
class FlowsTest {

    /** The namespace the chart is rendered into. */
    static final String NAMESPACE = "hud";

    /**
     * One connection: from the pods of a workload (in a namespace: the release's unless named) to the pods behind a
     * Service, on a port.
     */
    record Flow(String from, String fromNamespace, JsonNode fromLabels, String service, JsonNode toLabels, int port) {
        Flow(String from, JsonNode fromLabels, String service, JsonNode toLabels, int port) {
            this(from, NAMESPACE, fromLabels, service, toLabels, port);
        }

        @Override
        public String toString() {
            return from + " -> " + service + ":" + port;
        }
    }

    @Test
    void everyFlowTheSystemNeedsIsAllowed() throws Exception {
        // Backups and KEDA on, so that their flows are rendered too.
        var manifests = Chart.parse(Chart.template(null, Map.of("backup.enabled", true)));
        List<Flow> flows = flows(manifests);
        List<String> names = flows.stream().map(Flow::toString).toList();
        for (String expected : List.of("hud-gateway -> hud-postgresql:5432", "hud-sensors -> hud-postgresql:5432",
                "hud-gateway -> hud-rabbitmq:5672", "hud-trainer-cpu -> hud-rabbitmq:5672",
                "hud-sensors -> hud-rabbitmq:5672", "hud-sensors-agent -> hud-rabbitmq:5672",
                "hud-gateway -> hud-trainer:8081", "hud-gateway -> hud-cdn:8083",
                "hud-trainer-cpu -> hud-cdn:8083", "hud-trainer-cpu -> hud-gateway:8080",
                "hud-backup -> hud-postgresql:5432")) {
            assertTrue(names.contains(expected), expected + " is among the derived flows " + names);
        }
        List<String> refused = flows.stream().filter(flow -> !allowed(manifests, flow)).map(Flow::toString).toList();
        assertEquals(List.of(), refused, "flows the NetworkPolicies refuse");
    }

    /**
     * The evaluator refuses what no policy allows: the cdn does not talk to the database or the trainers; a sensors
     * agent, on every node with its files mounted, talks to the broker only, not even to the public entry points.
     */
    @Test
    void aFlowTheSystemDoesNotNeedIsRefused() throws Exception {
        var manifests = Chart.render(null);
        JsonNode agent = podLabels(manifests, "hud-sensors-agent");
        assertTrue(allowed(manifests, new Flow("hud-sensors-agent", agent, "hud-rabbitmq",
                selector(manifests, "hud-rabbitmq"), 5672)));
        for (var to : List.of(List.of("hud-postgresql", "5432"), List.of("hud-gateway", "8080"),
                List.of("hud-sensors", "8082"), List.of("hud-cdn", "8083"))) {
            assertFalse(allowed(manifests, new Flow("hud-sensors-agent", agent, to.get(0),
                    selector(manifests, to.get(0)), Integer.parseInt(to.get(1)))), "hud-sensors-agent -> " + to);
        }
        JsonNode cdn = podLabels(manifests, "hud-cdn");
        assertFalse(allowed(manifests, new Flow("hud-cdn", cdn, "hud-postgresql",
                selector(manifests, "hud-postgresql"), 5432)));
        assertFalse(allowed(manifests, new Flow("hud-cdn", cdn, "hud-trainer", selector(manifests, "hud-trainer"),
                8081)));
        assertFalse(allowed(manifests, new Flow("hud-cdn", cdn, "hud-gateway", selector(manifests, "hud-gateway"),
                9080)), "management ports are for the scraper only");
    }

    /**
     * On the operators' PostgreSQL and RabbitMQ (ci/operators-values.yaml): the services and the backup reach the
     * operators' Services, each operator its pods, the instances and nodes one another; the cdn still reaches neither,
     * and the management API is the operators' only.
     */
    @Test
    void onTheOperatorsPodsEveryFlowIsAllowedAndNoOther() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/operators-values.yaml"));
        List<Flow> flows = flows(manifests);
        List<String> names = flows.stream().map(Flow::toString).toList();
        for (String expected : List.of("hud-gateway -> hud-postgresql-rw:5432", "hud-sensors -> hud-postgresql-rw:5432",
                "hud-backup -> hud-postgresql-rw:5432", "hud-gateway -> hud-rabbitmq:5672",
                "hud-trainer-cpu -> hud-rabbitmq:5672", "hud-sensors -> hud-rabbitmq:5672",
                "hud-sensors-agent -> hud-rabbitmq:5672")) {
            assertTrue(names.contains(expected), expected + " is among the derived flows " + names);
        }
        assertEquals(List.of(), flows.stream().filter(flow -> !allowed(manifests, flow)).map(Flow::toString).toList(),
                "flows the NetworkPolicies refuse");

        var pods = Operated.podLabels(manifests);
        JsonNode primary = pods.get(0);
        JsonNode replica = pods.get(1);
        JsonNode node = pods.get(2);
        JsonNode cnpg = Chart.YAML.createObjectNode().put("app.kubernetes.io/name", "cloudnative-pg");
        JsonNode rabbitmqOperator = Chart.YAML.createObjectNode().put("app.kubernetes.io/component",
                "rabbitmq-operator");
        for (int port : List.of(8000, 5432)) {
            assertTrue(allowed(manifests, new Flow("cnpg", "cnpg-system", cnpg, "instance", primary, port)), "" + port);
            assertFalse(allowed(manifests, new Flow("cnpg", "default", cnpg, "instance", primary, port)),
                    "the operator's labels in another namespace: " + port);
        }
        assertTrue(allowed(manifests, new Flow("replica", replica, "primary", primary, 5432)), "replication");
        assertTrue(allowed(manifests, new Flow("operator", "rabbitmq-system", rabbitmqOperator, "node", node, 15672)));
        assertTrue(allowed(manifests, new Flow("node", node, "node", node, 25672)), "clustering");

        JsonNode cdn = podLabels(manifests, "hud-cdn");
        JsonNode gateway = podLabels(manifests, "hud-gateway");
        assertFalse(allowed(manifests, new Flow("hud-cdn", cdn, "primary", primary, 5432)));
        assertFalse(allowed(manifests, new Flow("hud-cdn", cdn, "node", node, 5672)));
        assertFalse(allowed(manifests, new Flow("hud-gateway", gateway, "node", node, 15672)),
                "the management API is for the operators");
        assertFalse(allowed(manifests, new Flow("hud-gateway", gateway, "primary", primary, 8000)),
                "the instance manager is for the operator");
    }

    static List<Flow> flows(List<Chart.Manifest> manifests) {
        var flows = new ArrayList<Flow>();
        var services = new ArrayList<>(manifests.stream().filter(m -> m.kind().equals("Service")).toList());
        services.addAll(Operated.services(manifests));
        for (var workload : manifests) {
            JsonNode pod = workload.kind().equals("CronJob") ? workload.at("/spec/jobTemplate/spec/template")
                    : workload.at("/spec/template");
            if (!pod.isObject()) {
                continue;
            }
            var text = new StringBuilder();
            var env = new HashMap<String, String>();
            for (JsonNode container : pod.at("/spec/containers")) {
                // A user name is no address, though the broker's users are named as the Services are (hud-trainer).
                container.path("env").forEach(variable -> text.append(variable.path("name").asText()
                        .endsWith("USERNAME") ? "" : variable.path("value").asText()).append('\n'));
                container.path("env").forEach(variable -> env.put(variable.path("name").asText(),
                        variable.path("value").asText()));
                container.path("command").forEach(word -> text.append(word.asText()).append('\n'));
                container.path("args").forEach(word -> text.append(word.asText()).append('\n'));
            }
            for (var service : services) {
                var mention = Pattern.compile("(?<![\\w.-])" + Pattern.quote(service.name()) + "(?![\\w-])(?::(\\d+))?")
                        .matcher(text);
                while (mention.find()) {
                    JsonNode ports = service.at("/spec/ports");
                    int port = mention.group(1) != null ? Integer.parseInt(mention.group(1))
                            : ports.size() == 1 ? ports.get(0).path("port").asInt() : hostPort(env, service.name());
                    int target = targetPort(pod, service, port);
                    var flow = new Flow(workload.name(), pod.at("/metadata/labels"), service.name(),
                            service.at("/spec/selector"), target);
                    if (flows.stream().noneMatch(known -> known.toString().equals(flow.toString()))) {
                        flows.add(flow);
                    }
                }
            }
        }
        return flows;
    }

    /** Of a Service with several ports: the port of X_PORT beside an X_HOST naming it (RABBITMQ_HOST, _PORT). */
    private static int hostPort(Map<String, String> env, String service) {
        for (var variable : env.entrySet()) {
            if (variable.getKey().endsWith("_HOST") && variable.getValue().equals(service)) {
                String port = env.get(variable.getKey().replaceFirst("_HOST$", "_PORT"));
                return port == null ? -1 : Integer.parseInt(port);
            }
        }
        return -1;
    }

    /** A Service port as the pods' port (NetworkPolicies speak of the pods' ports). */
    private static int targetPort(JsonNode pod, Chart.Manifest service, int port) {
        for (JsonNode servicePort : service.at("/spec/ports")) {
            if (servicePort.path("port").asInt() == port) {
                JsonNode target = servicePort.path("targetPort");
                return target.isInt() ? target.asInt() : target.isMissingNode() ? port : namedPort(service, target);
            }
        }
        throw new AssertionError(service + " has no port " + port);
    }

    private static int namedPort(Chart.Manifest service, JsonNode name) {
        // Named target ports here are the server's standard ones.
        return switch (name.asText()) {
            case "postgresql" -> 5432;
            case "amqp" -> 5672;
            default -> service.at("/spec/ports/0/port").asInt();
        };
    }

    /**
     * NetworkPolicy semantics for a flow inside the namespace: the source's egress, then the target's ingress. If no
     * policy selects the target pods, everything may reach them; otherwise one rule of one selecting policy must allow
     * the port and the source. Likewise the source's pods may reach anything unless a policy of theirs restricts
     * egress: then one of its egress rules must allow the port and the target.
     */
    static boolean allowed(List<Chart.Manifest> manifests, Flow flow) {
        return egressAllowed(manifests, flow) && ingressAllowed(manifests, flow);
    }

    private static boolean egressAllowed(List<Chart.Manifest> manifests, Flow flow) {
        if (!flow.fromNamespace().equals(NAMESPACE)) {
            return true;
        }
        var selecting = manifests.stream().filter(m -> m.kind().equals("NetworkPolicy"))
                .filter(policy -> Policy.matches(policy.at("/spec/podSelector"), flow.fromLabels()))
                .filter(policy -> policy.at("/spec/policyTypes").toString().contains("Egress")).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (var policy : selecting) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                boolean port = !rule.has("ports");
                for (JsonNode allowedPort : rule.path("ports")) {
                    port |= allowedPort.path("port").asInt() == flow.port();
                }
                // Targets here are the release's pods: a podSelector alone selects in the policy's namespace.
                boolean peer = !rule.has("to");
                for (JsonNode to : rule.path("to")) {
                    peer |= to.has("podSelector") && !to.has("namespaceSelector")
                            && Policy.matches(to.path("podSelector"), flow.toLabels());
                }
                if (port && peer) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean ingressAllowed(List<Chart.Manifest> manifests, Flow flow) {
        var selecting = manifests.stream().filter(m -> m.kind().equals("NetworkPolicy"))
                .filter(policy -> Policy.matches(policy.at("/spec/podSelector"), flow.toLabels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (var policy : selecting) {
            for (JsonNode rule : policy.at("/spec/ingress")) {
                boolean port = !rule.has("ports");
                for (JsonNode allowedPort : rule.path("ports")) {
                    port |= allowedPort.path("port").asInt() == flow.port();
                }
                boolean peer = !rule.has("from");
                // A namespace is known by its kubernetes.io/metadata.name label here.
                JsonNode namespaceLabels = Chart.YAML.createObjectNode().put("kubernetes.io/metadata.name",
                        flow.fromNamespace());
                for (JsonNode from : rule.path("from")) {
                    // A podSelector alone: the policy's own namespace; a namespaceSelector: the namespaces it selects.
                    boolean namespace = from.has("namespaceSelector")
                            ? Policy.matches(from.path("namespaceSelector"), namespaceLabels)
                            : flow.fromNamespace().equals(NAMESPACE);
                    boolean pod = !from.has("podSelector")
                            || Policy.matches(from.path("podSelector"), flow.fromLabels());
                    peer |= (from.has("namespaceSelector") || from.has("podSelector")) && namespace && pod;
                }
                if (port && peer) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode podLabels(List<Chart.Manifest> manifests, String workload) {
        return manifests.stream().filter(m -> m.name().equals(workload) && m.at("/spec/template").isObject())
                .findFirst().orElseThrow().at("/spec/template/metadata/labels");
    }

    private static JsonNode selector(List<Chart.Manifest> manifests, String service) {
        return manifests.stream().filter(m -> m.kind().equals("Service") && m.name().equals(service)).findFirst()
                .orElseThrow().at("/spec/selector");
    }
}
