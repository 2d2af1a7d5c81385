package dev.hud.deploy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the operators make of the chart's custom resources, as the pinned versions' sources say (no cluster runs them
 * here): the pods' labels and the Services, so that selectors and flows can be checked against them.
 * <ul>
 * <li>CloudNativePG 1.30 ({@code pkg/specs/services.go}, {@code pkg/utils/labels_annotations.go}): instance pods
 * labelled {@code cnpg.io/cluster: <name>} and {@code cnpg.io/instanceRole: primary|replica}; Services
 * {@code <name>-rw} (the primary), {@code -ro} (replicas) and {@code -r} (any), each on 5432.</li>
 * <li>RabbitMQ Cluster Operator 2.22 ({@code internal/metadata/label.go}): node pods labelled
 * {@code app.kubernetes.io/name: <name>} (component and part-of {@code rabbitmq}); the client Service {@code <name>}
 * selecting them, with AMQP (5672), the management API (15672) and Prometheus (15692).</li>
 * </ul>
 */
final class Operated {

    private Operated() {
    }

    /** The labels of every kind of pod the operators run for the rendered custom resources. */
    static List<JsonNode> podLabels(List<Chart.Manifest> manifests) {
        var pods = new ArrayList<JsonNode>();
        for (var manifest : manifests) {
            String name = manifest.name();
            switch (manifest.kind()) {
                case "Cluster" -> {
                    for (String role : List.of("primary", "replica")) {
                        ObjectNode labels = Chart.YAML.createObjectNode().put("cnpg.io/cluster", name)
                                .put("cnpg.io/instanceRole", role).put("cnpg.io/podRole", "instance");
                        manifest.at("/spec/inheritedMetadata/labels").fields()
                                .forEachRemaining(label -> labels.set(label.getKey(), label.getValue()));
                        pods.add(labels);
                    }
                }
                case "RabbitmqCluster" -> pods.add(Chart.YAML.createObjectNode().put("app.kubernetes.io/name", name)
                        .put("app.kubernetes.io/component", "rabbitmq").put("app.kubernetes.io/part-of", "rabbitmq"));
                default -> {
                }
            }
        }
        return pods;
    }

    /** The Services the operators make, as rendered Services would read. */
    static List<Chart.Manifest> services(List<Chart.Manifest> manifests) {
        var services = new ArrayList<Chart.Manifest>();
        for (var manifest : manifests) {
            String name = manifest.name();
            switch (manifest.kind()) {
                case "Cluster" -> {
                    services.add(service(name + "-rw", selector("cnpg.io/cluster", name, "primary"), 5432));
                    services.add(service(name + "-ro", selector("cnpg.io/cluster", name, "replica"), 5432));
                    services.add(service(name + "-r", selector("cnpg.io/cluster", name, null), 5432));
                }
                case "RabbitmqCluster" -> services.add(service(name,
                        Chart.YAML.createObjectNode().put("app.kubernetes.io/name", name), 5672, 15672, 15692));
                default -> {
                }
            }
        }
        return services;
    }

    private static ObjectNode selector(String key, String name, String role) {
        ObjectNode selector = Chart.YAML.createObjectNode().put(key, name);
        if (role != null) {
            selector.put("cnpg.io/instanceRole", role);
        }
        return selector;
    }

    private static Chart.Manifest service(String name, ObjectNode selector, int... ports) {
        ObjectNode tree = Chart.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        tree.putObject("metadata").put("name", name);
        ObjectNode spec = tree.putObject("spec");
        spec.set("selector", selector);
        var list = spec.putArray("ports");
        for (int port : ports) {
            list.addObject().put("port", port).put("targetPort", port);
        }
        return new Chart.Manifest("Service", name, tree);
    }
}
