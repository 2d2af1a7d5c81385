package dev.hud.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;

/** HUD's chart, rendered with real Helm (helm-java), as a list of objects. */
final class Chart {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/hud");
    static final Path RENDERED = ROOT.resolve("k8s/hud.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One rendered object: its tree, as Helm printed it. */
    record Manifest(String kind, String name, JsonNode tree) {
        JsonNode at(String pointer) {
            return tree.at(pointer);
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    private Chart() {
    }

    /** The ci/*-values.yaml variants. */
    static List<Path> variants() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        }
    }

    /** A copy of the chart's files in {@code folder}/hud, to change before rendering; returns the copy. */
    static Path copyTo(Path folder) throws IOException {
        Path copy = folder.resolve("hud");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    static String template(Path values, Map<String, Object> sets) {
        return template(CHART, values, sets);
    }

    /** @param chart this chart's directory, or a changed copy of it */
    static String template(Path chart, Path values, Map<String, Object> sets) {
        // No cluster here: Secrets of an earlier install cannot be looked up.
        var command = new Helm(chart).template().withName("hud").withNamespace("hud").set("auth.lookupExisting", false);
        if (values != null) {
            command.withValuesFile(values);
        }
        sets.forEach(command::set);
        return command.call();
    }

    static List<Manifest> render(Path values) throws IOException {
        return parse(template(values, Map.of()));
    }

    static List<Manifest> parse(String yaml) throws IOException {
        var manifests = new ArrayList<Manifest>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode tree = documents.next();
                if (tree != null && !tree.isNull() && !tree.isEmpty()) {
                    manifests.add(new Manifest(tree.path("kind").asText(), tree.at("/metadata/name").asText(), tree));
                }
            }
        }
        return manifests;
    }

    /** The manifest of this kind and name; fails the test when the render has none. */
    static Manifest find(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    /** The pod spec of a workload (a CronJob's job's). */
    static JsonNode pod(List<Manifest> manifests, String kind, String name) {
        return find(manifests, kind, name)
                .at(kind.equals("CronJob") ? "/spec/jobTemplate/spec/template/spec" : "/spec/template/spec");
    }

    /** A pod's first container's literal environment, name to value (references as ""). */
    static Map<String, String> env(JsonNode pod) {
        var env = new LinkedHashMap<String, String>();
        pod.at("/containers/0/env").forEach(variable -> env.put(variable.get("name").asText(),
                variable.path("value").asText()));
        return env;
    }
}
