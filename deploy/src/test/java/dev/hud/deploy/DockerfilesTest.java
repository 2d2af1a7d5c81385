package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The images cannot be built here (no Docker engine), so their Dockerfiles are held to the packaged
 * apps: every COPY source exists in the module's target/quarkus-app, the exposed port is the
 * service's, the user is not root, and the tag the build comment pushes is the one the chart pulls. The image runs
 * under any UID (the chart gives each service its own): the app's files are copied world-readable ({@code --chmod},
 * whatever the build machine's umask) and owned by root (no {@code --chown}: the running service cannot change its
 * own code), and the image's user is the chart's default UID for the service.
 */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = { "gateway/Dockerfile.jvm", "trainer/Dockerfile.jvm", "trainer/Dockerfile.gpu",
            "sensors/Dockerfile.jvm",
            "cdn/Dockerfile.jvm" })
    void dockerfileMatchesThePackagedApp(String which) throws Exception {
        String module = which.substring(0, which.indexOf('/'));
        Path moduleDir = Chart.ROOT.resolve(module);
        String dockerfile = Files
                .readString(moduleDir.resolve("src/main/docker").resolve(which.substring(which.indexOf('/') + 1)));
        var copies = Pattern.compile("(?m)^COPY --chmod=0755 (\\S+) ").matcher(dockerfile);
        int count = 0;
        while (copies.find()) {
            count++;
            String source = copies.group(1).replace("*.jar", "quarkus-run.jar");
            assertTrue(Files.exists(moduleDir.resolve(source)),
                    which + ": COPY " + copies.group(1) + " has nothing to copy (package the module)");
        }
        assertEquals(4, count, which + ": the four fast-jar layers, each world-readable (--chmod=0755)");
        assertTrue(!dockerfile.contains("--chown") && !dockerfile.contains("chown "), which + ": root owns the app");
        String port = Files.readAllLines(moduleDir.resolve("src/main/resources/application.properties")).stream()
                .filter(line -> line.startsWith("quarkus.http.port=")).findFirst().orElseThrow().split("=")[1];
        assertTrue(dockerfile.contains("EXPOSE " + port), which + ": exposes " + port);
        JsonNode values = Chart.YAML.readTree(Chart.CHART.resolve("values.yaml").toFile());
        String uid = values.path(module).path("runAsUser").asText();
        assertTrue(Integer.parseInt(uid) > 0, module + ".runAsUser");
        assertTrue(dockerfile.contains("\nUSER " + uid + "\n"), which + ": runs as uid " + uid + ", the chart's");
        String image = which.endsWith(".gpu") ? "hud-trainer-gpu" : "hud-" + module;
        assertTrue(dockerfile.contains("-t ghcr.io/hud/" + image + ":0.1.0 "),
                which + ": builds the image the chart pulls (" + image + ")");
    }
}
