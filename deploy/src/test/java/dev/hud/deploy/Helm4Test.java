package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart under Helm 4 (the real binary, {@link Helm4}), which users of a current cluster install it with: it lints
 * strictly with every ci/ variant and renders the very objects helm-java's Helm 3 renders.
 */
class Helm4Test {

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    @Test
    void itIsHelm4() throws Exception {
        var version = Helm4.run("version", "--short");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("v4."), version.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void lintsStrictly(Path values) throws Exception {
        var lint = Helm4.run("lint", "--strict", Chart.CHART.toString(), "-f", values.toString());
        assertEquals(0, lint.exitCode(), lint.output());
        assertFalse(lint.output().contains("[WARNING]") || lint.output().contains("[ERROR]"), lint.output());
    }

    /** With every Secret given the render is deterministic, so the two Helms can be compared object by object. */
    @Test
    void rendersWhatHelm3Renders() throws Exception {
        Path gitops = Chart.CHART.resolve("ci/gitops-values.yaml");
        var helm4 = Helm4.run("template", "hud", Chart.CHART.toString(), "--namespace", "hud", "-f", gitops.toString(),
                "--set", "auth.lookupExisting=false", "--skip-tests"); // helm-java leaves the test hook out too
        assertEquals(0, helm4.exitCode(), helm4.output());
        var byHelm4 = Chart.parse(helm4.output());
        var byHelm3 = Chart.parse(Chart.template(gitops, Map.of()));
        assertEquals(byHelm3.stream().map(Object::toString).toList(), byHelm4.stream().map(Object::toString).toList(),
                "the same objects in the same order");
        for (int i = 0; i < byHelm3.size(); i++) {
            assertEquals(byHelm3.get(i).tree(), byHelm4.get(i).tree(), byHelm3.get(i).toString());
        }
    }
}
