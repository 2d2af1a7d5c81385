package dev.hud.e2e.system;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system as its users start it: the README's run command ({@code ./hud up}) on the
 * packaged services, here with ports, databases and work queues of its own ({@code HUD_PORT_BASE},
 * {@code HUD_INSTANCE}) so it runs beside a developer's own {@code ./hud up}. As a JUnit extension
 * ({@code @RegisterExtension static}) it is started before a class's tests and stopped after them.
 */
public final class HudSystem implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String INSTANCE = "e2e";
    static final int PORT_BASE = 18700;
    static final List<String> DATABASES = List.of("hud_gateway_" + INSTANCE, "hud_telemetry_" + INSTANCE);
    /** The durable queues of an earlier run: work for its trainers, results for its gateway. */
    static final List<String> QUEUES = List.of("hud.training." + INSTANCE + "-cpu", "hud.gateway.events." + INSTANCE);

    final Path state;
    private final String[] services;

    /** A system whose state and logs are in {@code target/<name>}, of {@code services} only when some are named. */
    public HudSystem(String name, String... services) {
        this.state = Path.of("target", name).toAbsolutePath();
        this.services = services;
    }

    /** A fresh system: its databases dropped, its state folder emptied, its queues deleted, then {@code ./hud up}. */
    public HudSystem start() throws Exception {
        deleteRecursively(state);
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            for (String database : DATABASES) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        for (String queue : QUEUES) {
            Shell.run(30, "rabbitmqctl", "-q", "delete_queue", queue);
        }
        up(services).assertSucceeded("./hud up");
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        down();
    }

    public String url() {
        return "http://127.0.0.1:" + PORT_BASE;
    }

    /** A service's own address (the gateway forwards /assets, /media and /api/sensors to them). */
    public String url(String service) {
        return "http://127.0.0.1:" + (PORT_BASE + switch (service) {
            case "gateway" -> 0;
            case "trainer" -> 1;
            case "sensors" -> 2;
            case "cdn" -> 3;
            default -> throw new IllegalArgumentException(service);
        });
    }

    /** A service's management interface (health, metrics, OpenAPI): its port + 1000, as {@code ./hud} starts it. */
    public String management(String service) {
        return "http://127.0.0.1:" + (URI.create(url(service)).getPort() + 1000);
    }

    /**
     * A token for one service ({@code hud-<service>}), signed with this system's key as the gateway makes them: what
     * the gateway or a service would send there (people's sessions are the gateway's alone).
     */
    public String tokenFor(String service, String upn, String group) throws Exception {
        return new JwtSigner(state.resolve("jwt/private.pem")).sign(upn, group, 600, "hud-" + service);
    }

    public String adminPassword() throws IOException {
        return Files.readString(state.resolve("admin-password")).trim();
    }

    public Path log(String service) {
        return state.resolve("logs").resolve(service + ".log");
    }

    public long pid(String service) throws IOException {
        return Long.parseLong(Files.readString(state.resolve("pids").resolve(service + ".pid")).trim());
    }

    /** {@code kill -9}: no shutdown hook, no goodbye, unacknowledged work left with the broker. */
    public void kill(String service) throws Exception {
        long pid = pid(service);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    public Shell.Result up(String... services) throws Exception {
        return hud(300, concat("up", services));
    }

    public Shell.Result down(String... services) throws Exception {
        return hud(120, concat("down", services));
    }

    @Override
    public void close() throws Exception {
        down();
    }

    private Shell.Result hud(int seconds, String... arguments) throws Exception {
        var command = new ArrayList<String>();
        command.add(ROOT.resolve("hud").toString());
        command.addAll(List.of(arguments));
        return Shell.run(seconds,
                List.of("HUD_SKIP_BUILD=1", "HUD_STATE=" + state, "HUD_PORT_BASE=" + PORT_BASE,
                        "HUD_INSTANCE=" + INSTANCE,
                        "HUD_JAVA_OPTS=-Xmx384m"),
                command);
    }

    /**
     * A query on one of this system's databases ({@code gateway} or {@code telemetry}): the first column of the first
     * row.
     */
    public long count(String database, String sql, Object... parameters) throws SQLException {
        String name = "gateway".equals(database) ? DATABASES.get(0) : DATABASES.get(1);
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            var rows = statement.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    public String logText(String service) throws IOException {
        return Files.readString(log(service), StandardCharsets.UTF_8);
    }

    private static String[] concat(String first, String... rest) {
        var all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
