package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * k8s/hud.yaml is the chart rendered with its defaults (release "hud", namespace "hud") for users
 * without Helm, less the Secrets (made by the chart on install, or by k8s/make-secrets.sh) and the helm test hook. A
 * chart change that is not rendered again fails here; {@code -Dhud.k8s.write=true} renders it.
 */
class RenderedManifestsTest {

    /** A rendered document of the Secrets or of the helm test hook: not for kubectl apply. */
    private static final Pattern LEFT_OUT = Pattern
            .compile("(?m)^---\\n# Source: hud/templates/(?:secrets\\.yaml|tests/[^\\n]*)\\n(?:(?!---$).*\\n?)*");

    static String rendered() {
        String all = Chart.template(null, Map.of());
        return "# HUD rendered from helm/hud with its default values (release hud, namespace hud), Secrets left out:\n"
                + "# create them with k8s/make-secrets.sh. Do not edit: RenderedManifestsTest keeps this"
                + " file in sync.\n"
                + LEFT_OUT.matcher(all).replaceAll("");
    }

    @Test
    void k8sIsTheChartRendered() throws Exception {
        String expected = rendered();
        if (Boolean.getBoolean("hud.k8s.write")) {
            Files.writeString(Chart.RENDERED, expected);
        }
        assertEquals(expected, Files.exists(Chart.RENDERED) ? Files.readString(Chart.RENDERED) : "",
                "k8s/hud.yaml differs from the chart: run ./mvnw -pl deploy test -Dhud.k8s.write=true and commit it");
    }
}
