package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The single origin through an Ingress and through a Gateway API HTTPRoute: the same routes (derived from both rendered
 * objects), event streams with Server-Sent Events settings, uploads with a body limit. No Gateway API CRD schema is at
 * hand here (the fabric8 model in this module has none), so the HTTPRoute's fields are checked one by one against the
 * v1 API's.
 */
class RoutesTest {

    private static final Set<String> STREAMS = Set.of("/api/sensors", "/api/training-jobs");

    @Test
    void theDefaultRenderHasNoHttpRoute() throws Exception {
        assertTrue(Chart.render(null).stream().noneMatch(m -> m.kind().equals("HTTPRoute")));
    }

    @Test
    void theHttpRouteHasTheIngresssRoutes() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/external-values.yaml"));
        var ingress = ingressRoutes(manifests);
        assertTrue(ingress.containsAll(Set.of("hud.example.com /api/sensors -> hud-sensors:8082",
                "hud.example.com /media -> hud-cdn:8083", "hud.example.com / -> hud-gateway:8080")),
                ingress.toString());
        assertEquals(ingress, httpRouteRoutes(manifests));

        var oneIngress = Chart.parse(Chart.template(Chart.CHART.resolve("ci/external-values.yaml"),
                Map.of("ingress.streams.separate", false)));
        assertEquals(1, oneIngress.stream().filter(m -> m.kind().equals("Ingress")).count());
        assertEquals(ingress, ingressRoutes(oneIngress), "one Ingress routes the same");
    }

    @Test
    void theHttpRouteHasOnlyFieldsOfTheGatewayApi() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/external-values.yaml"));
        var routes = manifests.stream().filter(m -> m.kind().equals("HTTPRoute")).toList();
        assertEquals(1, routes.size());
        JsonNode route = routes.get(0).tree();
        var problems = new ArrayList<String>();
        fields(route, "", Set.of("apiVersion", "kind", "metadata", "spec"), problems);
        if (!route.path("apiVersion").asText().equals("gateway.networking.k8s.io/v1")) {
            problems.add("apiVersion " + route.path("apiVersion"));
        }
        fields(route.path("metadata"), "metadata", Set.of("name", "labels", "annotations"), problems);
        JsonNode spec = route.path("spec");
        fields(spec, "spec", Set.of("parentRefs", "hostnames", "rules"), problems);
        if (spec.path("parentRefs").isEmpty()) {
            problems.add("no parentRefs");
        }
        for (JsonNode parent : spec.path("parentRefs")) {
            fields(parent, "parentRefs[]", Set.of("group", "kind", "namespace", "name", "sectionName", "port"),
                    problems);
        }
        for (JsonNode hostname : spec.path("hostnames")) {
            if (!hostname.isTextual() || !hostname.asText().matches("(\\*\\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                problems.add("hostname " + hostname);
            }
        }
        for (JsonNode rule : spec.path("rules")) {
            fields(rule, "rules[]", Set.of("matches", "backendRefs", "timeouts", "filters"), problems);
            for (JsonNode match : rule.path("matches")) {
                fields(match, "matches[]", Set.of("path", "headers", "queryParams", "method"), problems);
                fields(match.path("path"), "path", Set.of("type", "value"), problems);
                if (!Set.of("Exact", "PathPrefix", "RegularExpression").contains(match.at("/path/type").asText())
                        || !match.at("/path/value").asText().startsWith("/")) {
                    problems.add("path " + match.path("path"));
                }
            }
            for (JsonNode backend : rule.path("backendRefs")) {
                fields(backend, "backendRefs[]", Set.of("group", "kind", "name", "namespace", "port", "weight"),
                        problems);
                if (!backend.path("port").isInt()) {
                    problems.add("backendRefs[].port is not a number: " + backend.path("port"));
                }
            }
            fields(rule.path("timeouts"), "timeouts", Set.of("request", "backendRequest"), problems);
            rule.path("timeouts").forEach(duration -> {
                if (!duration.asText().matches("([0-9]{1,5}(h|m|s|ms)){1,4}")) {
                    problems.add("timeout " + duration);
                }
            });
        }
        assertEquals(List.of(), problems);
        var streams = new TreeSet<String>();
        for (JsonNode rule : spec.path("rules")) {
            if (rule.at("/timeouts/request").asText().equals("0s")) {
                streams.add(rule.at("/matches/0/path/value").asText());
            }
        }
        assertEquals(new TreeSet<>(STREAMS), streams, "the event streams are never timed out");
    }

    @Test
    void anHttpRouteWithoutAGatewayIsRefused() throws Exception {
        var result = Helm4.run("template", "hud", Chart.CHART.toString(), "--set", "auth.lookupExisting=false", "--set",
                "httpRoute.enabled=true");
        assertTrue(result.exitCode() != 0);
        assertTrue(result.output().contains("httpRoute.enabled needs httpRoute.parentRefs"), result.output());
    }

    /** ingress-nginx by default: the event streams unbuffered with long reads, uploads up to the cdn's largest. */
    @Test
    void theIngressSuitsStreamsAndUploads() throws Exception {
        var manifests = Chart.render(null);
        var ingresses = manifests.stream().filter(m -> m.kind().equals("Ingress")).toList();
        assertFalse(ingresses.isEmpty());
        for (var ingress : ingresses) {
            JsonNode annotations = ingress.at("/metadata/annotations");
            assertEquals("100m", annotations.path("nginx.ingress.kubernetes.io/proxy-body-size").asText(),
                    ingress + ": a model (the cdn's largest upload, 100M) fits");
            for (JsonNode rule : ingress.at("/spec/rules")) {
                for (JsonNode path : rule.at("/http/paths")) {
                    if (STREAMS.contains(path.path("path").asText())) {
                        assertEquals("off", annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText(),
                                ingress + " " + path.path("path"));
                        assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt() >= 3600,
                                ingress + " " + path.path("path"));
                    } else {
                        assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").isMissingNode(),
                                ingress + ": " + path.path("path") + " keeps the controller's buffering");
                    }
                }
            }
        }
        var routed = new TreeSet<String>();
        ingressRoutes(manifests).forEach(route -> routed.add(route.split(" ")[1]));
        assertTrue(routed.containsAll(STREAMS), routed.toString());
    }

    /** Every route of every Ingress: "host path -> service:port number" (a named port read from the Service). */
    static Set<String> ingressRoutes(List<Chart.Manifest> manifests) {
        var routes = new TreeSet<String>();
        for (var ingress : manifests) {
            if (!ingress.kind().equals("Ingress")) {
                continue;
            }
            for (JsonNode rule : ingress.at("/spec/rules")) {
                for (JsonNode path : rule.at("/http/paths")) {
                    assertEquals("Prefix", path.path("pathType").asText());
                    String service = path.at("/backend/service/name").asText();
                    JsonNode port = path.at("/backend/service/port");
                    routes.add(rule.path("host").asText() + " " + path.path("path").asText() + " -> " + service + ":"
                            + (port.has("number") ? port.path("number").asInt() : portNumber(manifests, service,
                                    port.path("name").asText())));
                }
            }
        }
        return routes;
    }

    static Set<String> httpRouteRoutes(List<Chart.Manifest> manifests) {
        var routes = new TreeSet<String>();
        for (var route : manifests) {
            if (!route.kind().equals("HTTPRoute")) {
                continue;
            }
            for (JsonNode host : route.at("/spec/hostnames")) {
                for (JsonNode rule : route.at("/spec/rules")) {
                    assertEquals(1, rule.path("backendRefs").size(), "one backend per rule, as the Ingress");
                    for (JsonNode match : rule.path("matches")) {
                        assertEquals("PathPrefix", match.at("/path/type").asText());
                        JsonNode backend = rule.at("/backendRefs/0");
                        routes.add(host.asText() + " " + match.at("/path/value").asText() + " -> "
                                + backend.path("name").asText() + ":" + backend.path("port").asInt());
                    }
                }
            }
        }
        return routes;
    }

    private static int portNumber(List<Chart.Manifest> manifests, String service, String name) {
        var found = manifests.stream().filter(m -> m.kind().equals("Service") && m.name().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + service));
        for (JsonNode port : found.at("/spec/ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("port").asInt();
            }
        }
        throw new AssertionError(service + " has no port " + name);
    }

    private static void fields(JsonNode node, String where, Set<String> known, List<String> problems) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add(where + "." + field + " is not a field of the Gateway API's HTTPRoute");
            }
        });
    }
}
