package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images cannot be built here (no Docker engine), so their Dockerfiles are held to the packaged
 * apps: every COPY source exists in the module's target/quarkus-app, the exposed port is the
 * service's, the user is not root, and the tag the build comment pushes is the one the chart pulls.
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
        var copies = Pattern.compile("(?m)^COPY --chown=185 (\\S+) ").matcher(dockerfile);
        int count = 0;
        while (copies.find()) {
            count++;
            String source = copies.group(1).replace("*.jar", "quarkus-run.jar");
            assertTrue(Files.exists(moduleDir.resolve(source)),
                    which + ": COPY " + copies.group(1) + " has nothing to copy (package the module)");
        }
        assertEquals(4, count, which + ": the four fast-jar layers");
        String port = Files.readAllLines(moduleDir.resolve("src/main/resources/application.properties")).stream()
                .filter(line -> line.startsWith("quarkus.http.port=")).findFirst().orElseThrow().split("=")[1];
        assertTrue(dockerfile.contains("EXPOSE " + port), which + ": exposes " + port);
        assertTrue(dockerfile.contains("USER 185"), which + ": runs as uid 185, not root");
        String image = which.endsWith(".gpu") ? "hud-trainer-gpu" : "hud-" + module;
        assertTrue(dockerfile.contains("-t ghcr.io/hud/" + image + ":0.1.0 "),
                which + ": builds the image the chart pulls (" + image + ")");
    }
}
