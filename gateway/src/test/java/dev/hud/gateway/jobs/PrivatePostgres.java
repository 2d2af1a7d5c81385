package dev.hud.gateway.jobs;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A PostgreSQL server of the test's own, from the machine's PostgreSQL 15 binaries, on a free port of the loopback
 * with a temporary data directory and trust authentication, so that a test can take the gateway's database away and
 * bring it back ({@link #stopServer}, {@link #startServer}) without touching the shared server. Used through the
 * profile {@link Profile}; the resource stops the server and removes its directory at the end.
 * <p>
 * The test learns where the server is from the config key {@value #DIRECTORY_KEY} (resource and test may live in
 * different class loaders, so no static state is shared). initdb refuses to run as root: then every command runs as
 * the {@code postgres} user, who owns the directory.
 */
public final class PrivatePostgres implements QuarkusTestResourceLifecycleManager {

    /** The config key that holds the server's directory (its data folder is {@code data} inside). */
    public static final String DIRECTORY_KEY = "hud.test.private-postgres";

    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** The gateway on its own database server. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgres.class));
        }
    }

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("hud-private-pg");
            int port;
            try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (ROOT) {
                run(List.of("chown", "postgres", directory.toString()), false);
            }
            run(List.of(BIN + "initdb", "-D", data(directory), "-A", "trust", "-U", "postgres", "--no-sync",
                    "-E", "UTF8"), true);
            // Port, address and socket folder in the configuration, so that a plain "pg_ctl start" restarts it alike.
            Files.writeString(Path.of(data(directory), "postgresql.conf"), """

                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    fsync = off
                    """.formatted(port, directory), java.nio.file.StandardOpenOption.APPEND);
            startServer(directory.toString());
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/hud_gateway_private",
                    "quarkus.datasource.username", "postgres",
                    "hud.database.create-if-missing", "true",
                    DIRECTORY_KEY, directory.toString());
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("could not start a private PostgreSQL", e);
        }
    }

    @Override
    public void stop() {
        if (directory == null) {
            return;
        }
        try {
            if (running(directory.toString())) {
                run(List.of(BIN + "pg_ctl", "-D", data(directory), "-m", "immediate", "-w", "stop"), true);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not stop the private PostgreSQL in " + directory, e);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a temporary directory left behind
            }
            directory = null;
        }
    }

    /** Starts the server of this directory and waits until it accepts connections. */
    public static void startServer(String directory) throws IOException {
        run(List.of(BIN + "pg_ctl", "-D", data(directory), "-l", directory + "/server.log", "-w", "-t", "60",
                "start"), true);
    }

    /** Whether the server of this directory runs (its postmaster's pid file is there). */
    public static boolean running(String directory) {
        return Files.exists(Path.of(data(directory), "postmaster.pid"));
    }

    /** Stops the server at once: its connections are cut, as when a database server goes away. */
    public static void stopServer(String directory) throws IOException {
        run(List.of(BIN + "pg_ctl", "-D", data(directory), "-m", "fast", "-w", "-t", "60", "stop"), true);
    }

    private static String data(Object directory) {
        return directory + "/data";
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        var full = new ArrayList<String>();
        if (ROOT && asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("hud-private-pg", ".out");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not end");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed (" + process.exitValue() + "): "
                        + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
