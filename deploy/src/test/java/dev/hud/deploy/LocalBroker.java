package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * This machine's own rabbitmq-server (a prerequisite, README) started as the chart's in-chart RabbitMQ pod runs it: the
 * rendered {@code conf.d} file alone as configuration, a data directory as its volume (where the Erlang cookie is
 * made), a log directory as its emptyDir, the container's own environment, as the image's user ({@code rabbitmq}), on
 * free ports with a node name of its own (the machine's own broker keeps 5672). Closing it stops its process tree.
 */
record LocalBroker(Process process, Path console, Path data, Path logs, int port, String node, String user,
        String password) implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
    static final Duration BOOT = Duration.ofMinutes(2);

    /**
     * Starts it in {@code folder} (not waiting for it), from the chart rendered with {@code sets}.
     *
     * @param writableLogs whether its log directory is writable, as the chart's emptyDir is
     */
    static LocalBroker start(Path folder, boolean writableLogs, Map<String, Object> sets) throws Exception {
        Path server = BIN.resolve("rabbitmq-server");
        assertTrue(Files.isExecutable(server), server + " is missing: install rabbitmq-server (README, prerequisites)");
        var manifests = Chart.parse(Chart.template(null, sets));
        JsonNode container = find(manifests, "StatefulSet", "hud-rabbitmq").at("/spec/template/spec/containers/0");
        String settings = find(manifests, "ConfigMap", "hud-rabbitmq").at("/data/20-hud.conf").asText();
        String user = env(container, "RABBITMQ_DEFAULT_USER");

        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(folder.resolve("conf.d"));
        Files.writeString(conf.resolve("20-hud.conf"), settings);
        int port = freePort();
        // The pod listens on the default port; here the machine's broker has it.
        Files.writeString(conf.resolve("99-test-port.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\n");
        Path data = Files.createDirectories(folder.resolve("data"));
        Path logs = Files.createDirectories(folder.resolve("logs"));
        run("chown", "-R", "rabbitmq:rabbitmq", data.toString(), logs.toString());
        run("chmod", writableLogs ? "755" : "555", logs.toString());
        if (!writableLogs) {
            run("chown", "root:root", logs.toString());
        }

        String password = "p" + System.nanoTime();
        String node = "hudchart" + ProcessHandle.current().pid() + port + "@localhost";
        var command = new ArrayList<>(List.of("runuser", "-u", "rabbitmq", "--", "env", "HOME=" + data,
                "RABBITMQ_CONF_ENV_FILE=/dev/null", "RABBITMQ_CONFIG_FILE=" + folder.resolve("none"),
                "RABBITMQ_CONFIG_FILES=" + conf, "RABBITMQ_MNESIA_BASE=" + data.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + logs, "RABBITMQ_ENABLED_PLUGINS_FILE=" + data.resolve("enabled_plugins"),
                "RABBITMQ_NODENAME=" + node, "RABBITMQ_DIST_PORT=" + freePort(), "ERL_EPMD_ADDRESS=127.0.0.1",
                "RABBITMQ_DEFAULT_USER=" + user, "RABBITMQ_DEFAULT_PASS=" + password, server.toString()));
        Path output = folder.resolve("console.log");
        Process process = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new LocalBroker(process, output, data, logs, port, node, user, password);
    }

    static Chart.Manifest find(List<Chart.Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError("the container sets no " + name);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    String output() throws IOException {
        return Files.readString(console);
    }

    /** Whether the console shows this (the log is on the console, not in a file). */
    boolean outputContains(String text) {
        try {
            return output().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for the condition while the broker runs; fails at once if it stops, or after {@link #BOOT}. */
    void awaitUntil(BooleanSupplier condition) {
        Awaitility.await().atMost(BOOT)
                .failFast("the broker stopped (its console: " + console + ")", () -> !process.isAlive())
                .alias("not within " + BOOT).until(condition::getAsBoolean);
    }

    @Override
    public void close() throws Exception {
        stop(process);
    }

    /** Stops a process and its descendants (a server runs under a shell and runuser). */
    static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
