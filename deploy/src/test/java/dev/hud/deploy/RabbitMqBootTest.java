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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The in-chart RabbitMQ as its pod runs it, with this machine's own rabbitmq-server (a prerequisite, README): the
 * rendered {@code conf.d} file alone as configuration, a data directory as its volume (where the Erlang cookie is
 * made), a log directory as its emptyDir, the container's own environment, as the image's user. Not proven here: the
 * image's entry point and its RabbitMQ version (this machine's differs), the kubelet.
 */
class RabbitMqBootTest {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Duration BOOT = Duration.ofMinutes(2);

    @TempDir
    Path folder;

    @Test
    void itBootsLogsToTheConsoleLetsTheChartsUserInAndKeepsItsCookiePrivate() throws Exception {
        try (Broker broker = start(true)) {
            var factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(broker.port());
            factory.setUsername(broker.user());
            factory.setPassword(broker.password());
            broker.awaitUntil(() -> {
                try (var connection = factory.newConnection()) {
                    return connection.isOpen();
                } catch (IOException | TimeoutException notYet) {
                    return false;
                }
            });
            // The listener opens a moment before the broker logs that its start is complete.
            broker.awaitUntil(() -> broker.outputContains("Server startup complete"));
            assertEquals("r--------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(broker.data().resolve(".erlang.cookie"))),
                    "the cookie is the owner's");
            try (Stream<Path> logs = Files.list(broker.logs())) {
                for (Path log : logs.toList()) {
                    assertEquals(0, Files.size(log), log + ": nothing is logged to files");
                }
            }
        }
    }

    /** Why the chart gives it a writable log directory: the read-only root it used to have. */
    @Test
    void withoutAWritableLogDirectoryItDoesNotBoot() throws Exception {
        try (Broker broker = start(false)) {
            assertTrue(broker.process().waitFor(BOOT.toSeconds(), TimeUnit.SECONDS), "it gave up");
            assertTrue(broker.output().contains("BOOT FAILED"), broker.output());
        }
    }

    private Broker start(boolean writableLogs) throws Exception {
        assertTrue(Files.isExecutable(SERVER), SERVER + " is missing: install rabbitmq-server (README, prerequisites)");
        JsonNode container = Chart.render(null).stream()
                .filter(m -> m.kind().equals("StatefulSet") && m.name().equals("hud-rabbitmq")).findFirst()
                .orElseThrow().at("/spec/template/spec/containers/0");
        String settings = Chart.render(null).stream()
                .filter(m -> m.kind().equals("ConfigMap") && m.name().equals("hud-rabbitmq")).findFirst()
                .orElseThrow().at("/data/20-hud.conf").asText();
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
        var command = new ArrayList<>(List.of("runuser", "-u", "rabbitmq", "--", "env", "HOME=" + data,
                "RABBITMQ_CONF_ENV_FILE=/dev/null", "RABBITMQ_CONFIG_FILE=" + folder.resolve("none"),
                "RABBITMQ_CONFIG_FILES=" + conf, "RABBITMQ_MNESIA_BASE=" + data.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + logs, "RABBITMQ_ENABLED_PLUGINS_FILE=" + data.resolve("enabled_plugins"),
                "RABBITMQ_NODENAME=hudchart" + ProcessHandle.current().pid() + port + "@localhost",
                "RABBITMQ_DIST_PORT=" + freePort(), "ERL_EPMD_ADDRESS=127.0.0.1",
                "RABBITMQ_DEFAULT_USER=" + user, "RABBITMQ_DEFAULT_PASS=" + password, SERVER.toString()));
        Path output = folder.resolve("console.log");
        Process process = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Broker(process, output, data, logs, port, user, password);
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError("the container sets no " + name);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    /** A started broker; closing it stops the whole process tree (the server runs under a shell and runuser). */
    private record Broker(Process process, Path console, Path data, Path logs, int port, String user,
            String password) implements AutoCloseable {

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

        private String tail() {
            try {
                String text = output();
                return text.substring(Math.max(0, text.length() - 2000));
            } catch (IOException e) {
                return e.getMessage();
            }
        }

        @Override
        public void close() throws Exception {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
