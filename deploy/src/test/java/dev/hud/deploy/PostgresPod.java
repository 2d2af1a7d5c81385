package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The in-chart PostgreSQL's pod, played on this machine with its own PostgreSQL 15 (a prerequisite): the rendered
 * container's command, environment (its Secret references resolved from the rendered Secret) and probes, every path
 * under one of its mounts moved to a directory of the test (the data volume, the socket's emptyDir, the setup
 * ConfigMap's files), run as the {@code postgres} OS user. The image's entry point is a stand-in
 * (resources/postgres/docker-entrypoint.sh says how it differs); the socket directory and port are the test's own, as
 * this machine's server has the usual ones.
 */
final class PostgresPod implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Duration START = Duration.ofMinutes(2);

    private final JsonNode container;
    private final Map<String, String> secret;
    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path folder;
    private final int port;
    private Process process;
    private Path log;

    /**
     * @param manifests the rendered chart
     * @param folder    where the pod's directories go; {@code volume} is its data volume, kept across pods
     */
    PostgresPod(List<Chart.Manifest> manifests, Path folder, Path volume) throws Exception {
        assertTrue(Files.isExecutable(BIN.resolve("postgres")), BIN + " is missing: install postgresql-15");
        this.folder = folder;
        this.container = find(manifests, "StatefulSet", "hud-postgresql").at("/spec/template/spec/containers/0");
        this.secret = decoded(find(manifests, "Secret", "hud-postgresql").at("/data"));
        this.port = freePort();
        Files.createDirectories(folder);
        run("chmod", "755", folder.toString());
        Map<String, String> volumes = volumeSources(manifests);
        for (JsonNode mount : container.path("volumeMounts")) {
            String name = mount.path("name").asText();
            Path local = name.equals("data") ? volume : Files.createDirectories(folder.resolve(name));
            mounts.put(mount.path("mountPath").asText(), local);
            if (volumes.containsKey(name)) {
                JsonNode files = find(manifests, "ConfigMap", volumes.get(name)).at("/data");
                files.fields().forEachRemaining(file -> write(local.resolve(file.getKey()), file.getValue().asText()));
            }
        }
        run("chown", "-R", "postgres:postgres", folder.toString());
        Path bin = Files.createDirectories(folder.resolve("bin"));
        try (InputStream entrypoint = getClass().getResourceAsStream("/postgres/docker-entrypoint.sh")) {
            Files.write(bin.resolve("docker-entrypoint.sh"), entrypoint.readAllBytes());
        }
        run("chmod", "-R", "755", bin.toString());
        for (JsonNode variable : container.path("env")) {
            JsonNode reference = variable.at("/valueFrom/secretKeyRef");
            env.put(variable.path("name").asText(), reference.isMissingNode() ? local(variable.path("value").asText())
                    : secret.get(reference.path("key").asText()));
        }
        env.put("PATH", BIN + ":" + bin + ":/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        // Where libpq looks for the socket by default in the image: the "run" emptyDir's mount path.
        env.put("PGHOST", local("/var/run/postgresql"));
        env.put("HUD_TEST_SOCKETS", env.get("PGHOST"));
        env.put("PGPORT", Integer.toString(port));
    }

    /** The data volume as the kubelet makes it with fsGroup: root's, the group's writable and setgid, lost+found. */
    static Path volume(Path folder) throws Exception {
        run("chmod", "755", folder.toString());
        Path volume = Files.createDirectories(folder.resolve("volume"));
        Files.createDirectories(volume.resolve("lost+found"));
        run("chown", "root:postgres", volume.toString());
        run("chmod", "2775", volume.toString());
        run("chmod", "700", volume.resolve("lost+found").toString());
        return volume;
    }

    /** Starts the container's command as rendered. */
    PostgresPod start() throws IOException {
        return start(words(container.path("command")));
    }

    /** Starts the image's own entry point alone, as the chart's pod did before it set up roles. */
    PostgresPod startAsTheImageDoes() throws IOException {
        return start(List.of("docker-entrypoint.sh", "postgres"));
    }

    private PostgresPod start(List<String> command) throws IOException {
        log = folder.resolve("server-" + System.nanoTime() + ".log");
        process = new ProcessBuilder(asPostgres(command)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        return this;
    }

    /** Waits until the rendered readiness probe passes; fails at once if the server stops. */
    void awaitReady() {
        Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(300))
                .failFast(this::failIfStopped)
                .until(() -> probe("readinessProbe").code() == 0);
    }

    /** Waits until the server takes connections as the superuser (over TCP, with its password). */
    void awaitConnections() {
        Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(300))
                .failFast(this::failIfStopped).until(() -> {
                    try (Connection connection = connect("postgres", "postgres", secret.get("password"))) {
                        return true;
                    } catch (SQLException notYet) {
                        return false;
                    }
                });
    }

    private void failIfStopped() throws IOException {
        if (!process.isAlive()) {
            String text = log();
            throw new AssertionError("the server stopped; its log ends: " + text.substring(Math.max(0,
                    text.length() - 3000)));
        }
    }

    /** Runs one of the container's exec probes as rendered, in the container's environment; its exit code. */
    Exec probe(String name) throws Exception {
        return exec(words(container.at("/" + name + "/exec/command")));
    }

    /** A command's exit code and output. */
    record Exec(int code, String output) {
    }

    /** Runs a command in the container's environment, as its user. */
    Exec exec(List<String> command) throws Exception {
        return exec(command, Map.of());
    }

    /** Runs a command in the container's environment, with some of it changed, as its user. */
    Exec exec(List<String> command, Map<String, String> changedEnv) throws Exception {
        var all = new LinkedHashMap<>(env);
        all.putAll(changedEnv);
        return execAsPostgres(command.stream().map(this::local).toList(), all);
    }

    /** Runs a command of another container (none of this one's paths or environment) as the postgres OS user. */
    Exec execElsewhere(List<String> command, Map<String, String> env) throws Exception {
        var all = new LinkedHashMap<>(Map.of("PATH", this.env.get("PATH")));
        all.putAll(env);
        return execAsPostgres(command, all);
    }

    private Exec execAsPostgres(List<String> command, Map<String, String> env) throws Exception {
        var line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env.forEach((name, value) -> line.add(name + "=" + value));
        line.addAll(command);
        Path output = Files.createTempFile(folder, "exec-", ".log");
        Process run = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!run.waitFor(1, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            throw new AssertionError(command + " did not end");
        }
        return new Exec(run.exitValue(), Files.readString(output));
    }

    Connection connect(String user, String database, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    /** A password from the rendered Secret, by key. */
    String password(String key) {
        return secret.get(key);
    }

    /** A path of the pod as the test has it ({@code /etc/hud/postgresql/setup.sh}: the test's copy), in any text. */
    String local(String podText) {
        String mountPaths = String.join("|", mounts.keySet().stream().map(Pattern::quote).toList());
        return Pattern.compile("(?<![\\w./-])(" + mountPaths + ")(?=/|$|[^\\w.-])").matcher(podText)
                .replaceAll(match -> Matcher.quoteReplacement(mounts.get(match.group(1)).toString()));
    }

    int port() {
        return port;
    }

    Map<String, String> env() {
        return env;
    }

    JsonNode container() {
        return container;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** A fast shutdown (SIGINT to the server), as a pod's stop would end it; then anything left is killed. */
    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        var left = process.descendants().toList();
        Path pid = Path.of(env.get("PGDATA"), "postmaster.pid");
        if (process.isAlive() && Files.exists(pid)) {
            new ProcessBuilder("kill", "-INT", Files.readAllLines(pid).get(0).trim()).start().waitFor();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        left.forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private List<String> asPostgres(List<String> command) {
        var line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env.forEach((name, value) -> line.add(name + "=" + value));
        command.forEach(word -> line.add(local(word)));
        return line;
    }

    private static List<String> words(JsonNode array) {
        var words = new ArrayList<String>();
        array.forEach(word -> words.add(word.asText()));
        assertTrue(!words.isEmpty(), "no command rendered");
        return words;
    }

    /** Volume name to ConfigMap name, for the pod's ConfigMap volumes. */
    private static Map<String, String> volumeSources(List<Chart.Manifest> manifests) {
        var sources = new LinkedHashMap<String, String>();
        find(manifests, "StatefulSet", "hud-postgresql").at("/spec/template/spec/volumes").forEach(volume -> {
            if (volume.has("configMap")) {
                sources.put(volume.path("name").asText(), volume.at("/configMap/name").asText());
            }
        });
        return sources;
    }

    private void write(Path file, String text) {
        try {
            // The ConfigMap's files as the pod sees them: its paths are the test's here too.
            Files.writeString(file, local(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Chart.Manifest manifest(List<Chart.Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static JsonNode find(List<Chart.Manifest> manifests, String kind, String name) {
        return manifest(manifests, kind, name).tree();
    }

    private static Map<String, String> decoded(JsonNode data) {
        var decoded = new LinkedHashMap<String, String>();
        data.fields().forEachRemaining(entry -> decoded.put(entry.getKey(),
                new String(Base64.getDecoder().decode(entry.getValue().asText()), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }
}
