package dev.hud.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every rendered release must satisfy, as a list of violations (empty: fine): workloads with
 * probes, resources and a locked-down security context; GPU trainers that land on GPU nodes; and
 * references that resolve (HPA and KEDA targets, Service selectors and ports, Ingress backends, PDB
 * and NetworkPolicy selectors).
 */
final class Policy {

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private Policy() {
    }

    static List<String> violations(List<Chart.Manifest> manifests) {
        var problems = new ArrayList<String>();
        List<Chart.Manifest> workloads = manifests.stream().filter(m -> WORKLOADS.contains(m.kind())).toList();
        for (var workload : workloads) {
            checkPod(workload, workload.at("/spec/template/spec"), true, problems);
        }
        // Jobs run to completion: no probes, the rest of the rules alike.
        manifests.stream().filter(m -> m.kind().equals("CronJob"))
                .forEach(cron -> checkPod(cron, cron.at("/spec/jobTemplate/spec/template/spec"), false, problems));
        for (var manifest : manifests) {
            switch (manifest.kind()) {
                case "HorizontalPodAutoscaler" ->
                    target(manifest, manifest.at("/spec/scaleTargetRef"), workloads, problems);
                case "ScaledObject" -> {
                    target(manifest, manifest.at("/spec/scaleTargetRef"), workloads, problems);
                    for (JsonNode trigger : manifest.at("/spec/triggers")) {
                        String auth = trigger.at("/authenticationRef/name").asText();
                        if (!auth.isEmpty() && manifests.stream()
                                .noneMatch(m -> m.kind().equals("TriggerAuthentication") && m.name().equals(auth))) {
                            problems.add(manifest + ": no TriggerAuthentication " + auth);
                        }
                    }
                }
                case "Service" -> service(manifest, workloads, problems);
                case "Ingress" -> ingress(manifest, manifests, problems);
                // The pods of the chart's workloads, or those the operators run for its custom resources.
                case "PodDisruptionBudget", "NetworkPolicy" -> {
                    JsonNode selector = manifest
                            .at(manifest.kind().equals("NetworkPolicy") ? "/spec/podSelector/matchLabels"
                                    : "/spec/selector/matchLabels");
                    if (workloads.stream().noneMatch(w -> selects(selector, w.at("/spec/template/metadata/labels")))
                            && Operated.podLabels(manifests).stream().noneMatch(pod -> selects(selector, pod))) {
                        problems.add(manifest + ": selects no pods of this release");
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void checkPod(Chart.Manifest workload, JsonNode pod, boolean probes, List<String> problems) {
        if (!pod.path("automountServiceAccountToken").isBoolean()
                || pod.path("automountServiceAccountToken").asBoolean()) {
            problems.add(workload + ": mounts a service account token (none of its containers calls the API)");
        }
        boolean podNonRoot = pod.at("/securityContext/runAsNonRoot").asBoolean(false);
        for (JsonNode container : pod.path("containers")) {
            String where = workload + " container " + container.path("name").asText();
            for (String probe : probes ? List.of("startupProbe", "livenessProbe", "readinessProbe")
                    : List.<String>of()) {
                if (container.path(probe).isMissingNode()) {
                    problems.add(where + ": no " + probe);
                }
            }
            if (probes && container.path("image").asText().contains("/hud-")
                    && !container.at("/readinessProbe/httpGet/path").asText().equals("/q/health/ready")) {
                problems.add(where + ": readiness is not /q/health/ready");
            }
            for (String probe : probes && container.path("image").asText().contains("/hud-")
                    ? List.of("startupProbe", "livenessProbe", "readinessProbe") : List.<String>of()) {
                if (!container.at("/" + probe + "/httpGet/port").asText().equals("management")) {
                    problems.add(where + ": " + probe + " is not on the management port");
                }
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.at("/resources/" + kind + "/" + resource).isMissingNode()) {
                        problems.add(where + ": no " + resource + " " + kind);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            if (!(podNonRoot || security.path("runAsNonRoot").asBoolean(false))) {
                problems.add(where + ": may run as root");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": writable root filesystem");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(where + ": privilege escalation allowed");
            }
            if (!contains(security.at("/capabilities/drop"), "ALL")) {
                problems.add(where + ": capabilities not dropped");
            }
        }
        if ("gpu".equals(workload.at("/spec/template/metadata/labels/hud.dev~1device").asText())) {
            if (pod.path("nodeSelector").isEmpty()) {
                problems.add(workload + ": a GPU trainer without a nodeSelector");
            }
            boolean tolerates = false;
            for (JsonNode toleration : pod.path("tolerations")) {
                tolerates |= "nvidia.com/gpu".equals(toleration.path("key").asText());
            }
            if (!tolerates) {
                problems.add(workload + ": a GPU trainer that does not tolerate nvidia.com/gpu");
            }
            if (pod.at("/containers/0/resources/limits/nvidia.com~1gpu").asInt(0) < 1) {
                problems.add(workload + ": a GPU trainer without an nvidia.com/gpu limit");
            }
        }
    }

    private static void target(Chart.Manifest scaler, JsonNode ref, List<Chart.Manifest> workloads,
            List<String> problems) {
        String kind = ref.path("kind").asText("Deployment");
        String name = ref.path("name").asText();
        if (workloads.stream().noneMatch(w -> w.kind().equals(kind) && w.name().equals(name))) {
            problems.add(scaler + ": targets " + kind + "/" + name + ", which this release does not have");
        }
    }

    private static void service(Chart.Manifest service, List<Chart.Manifest> workloads, List<String> problems) {
        JsonNode selector = service.at("/spec/selector");
        List<Chart.Manifest> selected = workloads.stream()
                .filter(w -> selects(selector, w.at("/spec/template/metadata/labels"))).toList();
        if (selected.isEmpty()) {
            problems.add(service + ": selects no pods of this release");
            return;
        }
        for (JsonNode port : service.at("/spec/ports")) {
            String target = port.path("targetPort").asText();
            if (target.equals("management")) {
                problems.add(service
                        + ": exposes the management port (health, metrics, OpenAPI are for probes and scrapers only)");
            }
            Predicate<Chart.Manifest> exposes = w -> {
                for (JsonNode container : w.at("/spec/template/spec/containers")) {
                    for (JsonNode containerPort : container.path("ports")) {
                        if (target.equals(containerPort.path("name").asText())
                                || target.equals(containerPort.path("containerPort").asText())) {
                            return true;
                        }
                    }
                }
                return false;
            };
            if (!selected.stream().allMatch(exposes)) {
                problems.add(service + ": target port " + target + " is not a port of every pod it selects");
            }
        }
    }

    private static void ingress(Chart.Manifest ingress, List<Chart.Manifest> manifests, List<String> problems) {
        for (JsonNode rule : ingress.at("/spec/rules")) {
            for (JsonNode path : rule.at("/http/paths")) {
                String name = path.at("/backend/service/name").asText();
                String port = path.at("/backend/service/port/name")
                        .asText(path.at("/backend/service/port/number").asText());
                var service = manifests.stream().filter(m -> m.kind().equals("Service") && m.name().equals(name))
                        .findFirst();
                if (service.isEmpty()) {
                    problems.add(ingress + ": " + path.path("path").asText() + " routes to a missing Service " + name);
                } else if (!contains(service.get().at("/spec/ports"), port)) {
                    problems.add(ingress + ": " + path.path("path").asText() + " routes to port " + port + ", which "
                            + name + " lacks");
                }
            }
        }
    }

    /** Whether every label of the selector is on the pod. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> label = fields.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A Kubernetes LabelSelector ({@code matchLabels} and {@code matchExpressions} In, NotIn, Exists, DoesNotExist) on
     * a pod's labels; an empty one selects every pod.
     */
    static boolean matches(JsonNode labelSelector, JsonNode labels) {
        JsonNode matchLabels = labelSelector.path("matchLabels");
        if (!matchLabels.isEmpty() && !selects(matchLabels, labels)) {
            return false;
        }
        for (JsonNode expression : labelSelector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            boolean listed = value != null && contains(expression.path("values"), value);
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> listed;
                case "NotIn" -> !listed;
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator of " + expression);
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode items, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.asText()) || value.equals(item.path("name").asText())
                    || value.equals(item.path("port").asText())) {
                return true;
            }
        }
        return false;
    }
}
