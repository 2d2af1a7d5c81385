package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * helm/hud/README.md's {@code ## Parameters} table is what bitnami's readme-generator-for-helm (pinned in
 * deploy/package.json, installed by the build's {@code npm ci}) makes from the {@code ## @param} and
 * {@code ## @section} comments of values.yaml. The generator runs on a copy of the README: a stale table fails here,
 * and so does a value without a {@code @param}, a {@code @param} without a value, or a {@code @param} outside any
 * {@code @section} (the generator leaves it out of the table). {@code -Dhud.readme.write=true} rewrites the README.
 */
class ChartReadmeTest {

    private static final Path GENERATOR = Chart.ROOT
            .resolve("deploy/node_modules/@bitnami/readme-generator-for-helm/bin/index.js");
    private static final Path README = Chart.CHART.resolve("README.md");
    private static final Path VALUES = Chart.CHART.resolve("values.yaml");
    private static final Path WORK = Chart.ROOT.resolve("deploy/target/readme");
    private static final Pattern PARAM = Pattern.compile("(?m)^\\s*## @param (\\S+)");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)`");

    /** What one run of the generator printed, and how it ended. */
    record Result(int exitCode, String output) {
    }

    static Result generate(Path values, Path readme) throws Exception {
        if (!Files.isRegularFile(GENERATOR)) {
            throw new IllegalStateException(GENERATOR + " is missing: the build runs npm ci in deploy/");
        }
        Path output = Files.createTempFile(WORK, "generator-", ".out");
        try {
            Process process = new ProcessBuilder("node", GENERATOR.toString(), "--values", values.toString(),
                    "--readme", readme.toString()).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(Chart.ROOT.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("readme-generator did not end");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The generator's complaints: missing metadata, metadata for no key, unknown modifiers. */
    static List<String> errors(String output) {
        return output.lines().filter(line -> line.startsWith("ERROR: ")).toList();
    }

    static List<String> matches(Pattern pattern, String text) {
        var names = new ArrayList<String>();
        var matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void parametersTableIsGeneratedFromValues() throws Exception {
        Files.createDirectories(WORK);
        Path copy = WORK.resolve("README.md");
        Files.copy(README, copy, StandardCopyOption.REPLACE_EXISTING);
        var result = generate(VALUES, copy);
        assertTrue(result.exitCode() == 0 && errors(result.output()).isEmpty(),
                "readme-generator refused helm/hud/values.yaml:\n" + String.join("\n", errors(result.output()))
                        + "\n" + result.output());
        String generated = Files.readString(copy);
        // Every @param is a row, in order: one before any @section would be left out silently.
        assertEquals(matches(PARAM, Files.readString(VALUES)), matches(ROW, generated),
                "every @param of values.yaml is a row of the Parameters table (each under a @section)");
        if (Boolean.getBoolean("hud.readme.write")) {
            Files.writeString(README, generated);
        }
        assertEquals(generated, Files.readString(README), "helm/hud/README.md's Parameters table is stale: run"
                + " ./mvnw -pl deploy test -Dtest=ChartReadmeTest -Dhud.readme.write=true and commit it");
    }

    @Test
    void undocumentedValueAndParamWithoutValueAreRefused() throws Exception {
        Files.createDirectories(WORK);
        Path values = WORK.resolve("seeded-values.yaml");
        Files.writeString(values, Files.readString(VALUES)
                .replaceFirst("(?m)^## @param logJson .*\n", "")
                + "## @param nowhere.toBeFound Documents no value\n");
        Path copy = WORK.resolve("seeded-README.md");
        Files.copy(README, copy, StandardCopyOption.REPLACE_EXISTING);
        var result = generate(values, copy);
        assertNotEquals(0, result.exitCode(), result.output());
        assertEquals(List.of("ERROR: Missing metadata for key: logJson",
                "ERROR: Metadata provided for non existing key: nowhere.toBeFound"), errors(result.output()));
    }
}
