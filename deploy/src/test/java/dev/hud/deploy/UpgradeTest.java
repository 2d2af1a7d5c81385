package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code helm upgrade} to a new release of the chart: a StatefulSet whose pod template changed is restarted, so the
 * in-chart PostgreSQL and RabbitMQ pod templates must not carry the chart's or the app's version (they used to, and
 * every upgrade restarted the database and the broker). The services' pods do change: their image is the app version.
 */
class UpgradeTest {

    @TempDir
    Path folder;

    @Test
    void aNewChartVersionRestartsNoDataService() throws Exception {
        List<Chart.Manifest> before = render(Chart.CHART);
        List<Chart.Manifest> after = render(release("0.2.0"));

        for (String statefulSet : List.of("hud-postgresql", "hud-rabbitmq")) {
            assertEquals(podTemplate(before, statefulSet), podTemplate(after, statefulSet),
                    statefulSet + "'s pods are not restarted by an upgrade that changes nothing in them");
        }
        assertNotEquals(podTemplate(before, "hud-gateway"), podTemplate(after, "hud-gateway"),
                "a service's pods do take the new app version's image");
    }

    /**
     * A restart must find the files as they were left: the kubelet's recursive permission change at every mount would
     * make RabbitMQ's Erlang cookie group-readable (Erlang then refuses to start) and PostgreSQL's data directory too.
     */
    @Test
    void dataServicesVolumesAreNotReChangedAtEachMount() throws Exception {
        List<Chart.Manifest> manifests = render(Chart.CHART);
        for (String statefulSet : List.of("hud-postgresql", "hud-rabbitmq")) {
            assertEquals("OnRootMismatch",
                    podTemplate(manifests, statefulSet).at("/spec/securityContext/fsGroupChangePolicy").asText(),
                    statefulSet);
        }
    }

    private static List<Chart.Manifest> render(Path chart) throws Exception {
        return Chart.parse(Chart.template(chart, Chart.CHART.resolve("ci/gitops-values.yaml"), Map.of()));
    }

    private static JsonNode podTemplate(List<Chart.Manifest> manifests, String name) {
        return manifests.stream().filter(m -> m.name().equals(name) && m.at("/spec/template").isObject()).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name)).at("/spec/template");
    }

    /** A copy of the chart as its next release: another version and appVersion. */
    private Path release(String version) throws Exception {
        Path copy = Chart.copyTo(folder);
        Path chartYaml = copy.resolve("Chart.yaml");
        String changed = Files.readString(chartYaml).replaceFirst("(?m)^version: .*$", "version: " + version)
                .replaceFirst("(?m)^appVersion: .*$", "appVersion: \"" + version + "\"");
        Files.writeString(chartYaml, changed);
        return copy;
    }
}
