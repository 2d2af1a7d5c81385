package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the chart accepts and refuses before it renders anything (values.schema.json, templates/validate.yaml), under
 * Helm 4: each refusal names the value at fault.
 */
class ValuesRulesTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "gateway.replicas | -1 | /gateway/replicas",
            "cdn.autoscaling.minReplicas | 0 | /cdn/autoscaling/minReplicas",
            "gateway.resources.requests.cpu | -0.5 | /gateway/resources/requests/cpu",
            "gateway.resources.limits.memory | lots | /gateway/resources/limits/memory",
            "backup.schedule | every day | /backup/schedule",
            "gateway.retrainCron | 0 3 * * | /gateway/retrainCron",
            "metrics.podMonitor.interval | soon | /metrics/podMonitor/interval",
            "sensors.interval | fast | /sensors/interval",
            "sensors.retention.raw | 7 days | /sensors/retention/raw",
            "sensors.partitionsAhead | 0 | /sensors/partitionsAhead" })
    void aValueOutOfItsRuleIsRefusedByName(String key, String value, String named) throws Exception {
        var result = template(key, value);
        assertTrue(result.exitCode() != 0, key + "=" + value + " rendered");
        assertTrue(result.output().contains(named), result.output());
    }

    @Test
    void moreReplicasAtLeastThanAtMostIsRefused() throws Exception {
        var result = Helm4.run("template", "hud", Chart.CHART.toString(), "--set", "auth.lookupExisting=false", "--set",
                "cdn.autoscaling.minReplicas=5", "--set", "cdn.autoscaling.maxReplicas=3");
        assertTrue(result.exitCode() != 0);
        assertTrue(result.output().contains("cdn.autoscaling.minReplicas (5) is more than maxReplicas (3)"),
                result.output());
    }

    /** What people write: a CPU as a number, values an umbrella chart passes down in global. */
    @Test
    void quantitiesAsNumbersAndGlobalValuesAreAccepted() throws Exception {
        var result = Helm4.run("template", "hud", Chart.CHART.toString(), "--set", "auth.lookupExisting=false",
                "--set", "gateway.resources.requests.cpu=0.5", "--set", "global.imageRegistry=registry.example");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Chart.parse(result.output()).stream().anyMatch(m -> m.name().equals("hud-gateway")
                && m.at("/spec/template/spec/containers/0/resources/requests/cpu").asDouble() == 0.5));
        assertEquals(0, Chart.template(null, Map.of("gateway.resources.requests.cpu", 0.5)).isEmpty() ? 1 : 0,
                "Helm 3 accepts it too");
    }

    /**
     * The telemetry's settings reach the keys the sensors' hubs read (an environment variable no key matches is
     * ignored); the agents, which store nothing, get the interval only.
     */
    @Test
    void theTelemetrySettingsReachTheSensorsKeys() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of("sensors.interval", "250ms",
                "sensors.retention.raw", "14d", "sensors.retention.rollups", "365d", "sensors.partitionsAhead", 5)));
        var env = Chart.env(Chart.pod(manifests, "Deployment", "hud-sensors"));
        var agent = Chart.env(Chart.pod(manifests, "DaemonSet", "hud-sensors-agent"));
        var expected = Map.of("hud.sensors.interval", "250ms", "hud.sensors.retention.raw", "14d",
                "hud.sensors.retention.rollups", "365d", "hud.sensors.partitions.ahead", "5");
        String sources = Files.readString(Chart.ROOT.resolve("sensors/src/main/resources/application.properties"))
                + Files.readString(
                        Chart.ROOT.resolve("sensors/src/main/java/dev/hud/sensors/storage/Retention.java"));
        expected.forEach((key, value) -> {
            assertTrue(sources.contains(key), key + " is a key the sensors read");
            // Quarkus' rule for a key's environment variable: upper case, anything but letters and digits an _.
            String variable = key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
            assertEquals(value, env.get(variable), key);
            assertEquals(key.equals("hud.sensors.interval") ? value : null, agent.get(variable), "agent: " + key);
        });
    }

    private static Helm4.Result template(String key, String value) throws Exception {
        // --set-string for texts, --set for numbers: as people pass them.
        String how = value.matches("-?[0-9.]+") ? "--set" : "--set-string";
        return Helm4.run("template", "hud", Chart.CHART.toString(), "--set", "auth.lookupExisting=false", how,
                key + "=" + value);
    }
}
