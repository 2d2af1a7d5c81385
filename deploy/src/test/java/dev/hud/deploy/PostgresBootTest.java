package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The in-chart PostgreSQL started as its pod starts it ({@link PostgresPod}), then used as each of HUD's roles with
 * real connections: each service owns its database and cannot enter the other's, the backup reads and dumps both (its
 * rendered command) and writes nothing, the setup is harmless run again and rotates a changed password, and it also
 * sets up the volume of an install from before the roles. Not proven here: the image's own entry point (a stand-in
 * plays it), the kubelet (fsGroup, probes' timing), a real Secret change reaching a running pod.
 */
class PostgresBootTest {

    private static final Path GATEWAY_MIGRATIONS = Chart.ROOT.resolve("gateway/src/main/resources/db/migration");
    private static final Path SENSORS_MIGRATIONS = Chart.ROOT.resolve("sensors/src/main/resources/db/migration");
    /** SQLSTATE 42501: insufficient_privilege; 28P01: invalid_password. */
    private static final String DENIED = "42501";
    private static final String WRONG_PASSWORD = "28P01";

    @TempDir
    Path folder;

    @Test
    void aFreshVolumeGetsEachServiceItsOwnDatabaseAndTheBackupReadsBoth() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of("backup.enabled", true)));
        try (var pod = new PostgresPod(manifests, folder.resolve("pod"), PostgresPod.volume(folder))) {
            pod.start().awaitReady();
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(Path.of(pod.env().get("PGDATA")))), "the data directory is private");

            migrate(pod, "hud_gateway", "hud_gateway", pod.password("gateway-password"), GATEWAY_MIGRATIONS, 0);
            migrate(pod, "hud_sensors", "hud_telemetry", pod.password("sensors-password"), SENSORS_MIGRATIONS, 0);
            assertDenied(() -> pod.connect("hud_gateway", "hud_telemetry", pod.password("gateway-password")));
            assertDenied(() -> pod.connect("hud_sensors", "hud_gateway", pod.password("sensors-password")));
            assertNoRoleMayDoMoreThanItsOwn(pod);
            assertTheBackupReadsAndMayNotWrite(pod, "hud_gateway", "app_user");
            assertTheBackupReadsAndMayNotWrite(pod, "hud_telemetry", "sample");
            assertTheBackupDumpsBoth(pod, manifests);
            assertFalse(pod.log().contains("terminating any other active server processes"),
                    "the setup's end is no crash to the server: " + pod.log());

            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                var result = pod.probe(probe);
                assertEquals(0, result.code(), probe + " as rendered: " + result.output());
                assertPatient(pod.container().path(probe), probe);
            }
        }
    }

    @Test
    void theSetupRunAgainIsHarmlessAndRotatesAChangedPassword() throws Exception {
        var manifests = Chart.render(null);
        try (var pod = new PostgresPod(manifests, folder.resolve("pod"), PostgresPod.volume(folder))) {
            pod.start().awaitReady();
            migrate(pod, "hud_gateway", "hud_gateway", pod.password("gateway-password"), GATEWAY_MIGRATIONS, 0);
            List<String> setup = List.of("sh", "/etc/hud/postgresql/setup.sh");

            var again = pod.exec(setup);
            assertEquals(0, again.code(), "again, the same: " + again.output());
            try (Connection gateway = pod.connect("hud_gateway", "hud_gateway", pod.password("gateway-password"))) {
                count(gateway, "SELECT count(*) FROM app_user");
            }
            var rotated = pod.exec(setup, Map.of("HUD_GATEWAY_PASSWORD", "a-new-one"));
            assertEquals(0, rotated.code(), "with a new password: " + rotated.output());
            var old = assertThrows(SQLException.class,
                    () -> pod.connect("hud_gateway", "hud_gateway", pod.password("gateway-password")).close());
            assertEquals(WRONG_PASSWORD, old.getSQLState(), old.getMessage());
            pod.connect("hud_gateway", "hud_gateway", "a-new-one").close();
        }
    }

    /**
     * An install of the chart before the roles: its services made their databases and tables as the superuser. At the
     * new pod's first start the databases and what is in them go to the services' roles, whose next migrations then
     * alter those tables.
     */
    @Test
    void anInstallFromBeforeTheRolesIsHandedToThem() throws Exception {
        var manifests = Chart.parse(Chart.template(null, Map.of("backup.enabled", true)));
        Path volume = PostgresPod.volume(folder);
        try (var before = new PostgresPod(manifests, folder.resolve("before"), volume)) {
            before.startAsTheImageDoes().awaitConnections();
            String superuser = before.password("password");
            try (Connection postgres = before.connect("postgres", "postgres", superuser)) {
                postgres.createStatement().execute("CREATE DATABASE hud_gateway");
                postgres.createStatement().execute("CREATE DATABASE hud_telemetry");
            }
            migrate(before, "postgres", "hud_gateway", superuser, GATEWAY_MIGRATIONS, 3);
            migrate(before, "postgres", "hud_telemetry", superuser, SENSORS_MIGRATIONS, 1);
            try (Connection gateway = before.connect("postgres", "hud_gateway", superuser)) {
                gateway.createStatement().execute("INSERT INTO app_user (username, password_hash, role)"
                        + " VALUES ('early', 'x', 'user')");
            }
        }
        try (var pod = new PostgresPod(manifests, folder.resolve("pod"), volume)) {
            pod.start().awaitReady();
            migrate(pod, "hud_gateway", "hud_gateway", pod.password("gateway-password"), GATEWAY_MIGRATIONS, -3);
            migrate(pod, "hud_sensors", "hud_telemetry", pod.password("sensors-password"), SENSORS_MIGRATIONS, -1);
            try (Connection gateway = pod.connect("hud_gateway", "hud_gateway", pod.password("gateway-password"))) {
                gateway.createStatement().execute("INSERT INTO app_user (username, password_hash, role)"
                        + " VALUES ('later', 'x', 'user')");
                assertEquals(2, count(gateway, "SELECT count(*) FROM app_user"));
            }
            assertDenied(() -> pod.connect("hud_gateway", "hud_telemetry", pod.password("gateway-password")));
            assertTheBackupDumpsBoth(pod, manifests);
        }
    }

    /**
     * Applies a service's migration scripts in version order as {@code user}, as Flyway would: {@code first} of them
     * when positive, all but the first {@code -first} when negative, all when 0.
     */
    private static void migrate(PostgresPod pod, String user, String database, String password, Path migrations,
            int first) throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(migrations)) {
            scripts = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        scripts = first > 0 ? scripts.subList(0, first) : scripts.subList(-first, scripts.size());
        try (Connection connection = pod.connect(user, database, password)) {
            for (Path script : scripts) {
                try {
                    connection.createStatement().execute(Files.readString(script));
                } catch (SQLException e) {
                    throw new AssertionError(user + " cannot apply " + script.getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static int version(Path script) {
        var matcher = Pattern.compile("V(\\d+)__").matcher(script.getFileName().toString());
        assertTrue(matcher.find());
        return Integer.parseInt(matcher.group(1));
    }

    private static void assertNoRoleMayDoMoreThanItsOwn(PostgresPod pod) throws SQLException {
        try (Connection postgres = pod.connect("postgres", "postgres", pod.password("password"))) {
            assertEquals(3, count(postgres, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'hud\\_%'"));
            assertEquals(0, count(postgres, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'hud\\_%'"
                    + " AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)"));
            assertEquals(1,
                    count(postgres, "SELECT count(*) FROM pg_auth_members WHERE member = 'hud_backup'::regrole"),
                    "the backup is a member of one role");
            assertEquals(1, count(postgres, "SELECT count(*) FROM pg_auth_members"
                    + " WHERE member = 'hud_backup'::regrole AND roleid = 'pg_read_all_data'::regrole"));
            assertEquals(0, count(postgres, "SELECT count(*) FROM pg_auth_members"
                    + " WHERE member IN ('hud_gateway'::regrole, 'hud_sensors'::regrole)"));
        }
    }

    private static void assertTheBackupReadsAndMayNotWrite(PostgresPod pod, String database, String table)
            throws SQLException {
        try (Connection backup = pod.connect("hud_backup", database, pod.password("backup-password"))) {
            count(backup, "SELECT count(*) FROM " + table);
            assertDenied(() -> backup.createStatement().execute("DELETE FROM " + table));
            assertDenied(() -> backup.createStatement().execute("CREATE TABLE stolen (id int)"));
            assertDenied(() -> backup.createStatement().execute("CREATE TEMPORARY TABLE stolen (id int)"));
        }
    }

    /** The CronJob's command as rendered, its server and port this test's, its volume a folder of the test. */
    private void assertTheBackupDumpsBoth(PostgresPod pod, List<Chart.Manifest> manifests) throws Exception {
        JsonNode backup = PostgresPod.manifest(manifests, "CronJob", "hud-backup")
                .at("/spec/jobTemplate/spec/template/spec/containers/0");
        JsonNode password = backup.at("/env/0");
        assertEquals("PGPASSWORD", password.path("name").asText());
        assertEquals("hud-postgresql", password.at("/valueFrom/secretKeyRef/name").asText());
        String script = backup.at("/args/0").asText();
        assertTrue(script.contains("-h hud-postgresql -p 5432 -U hud_backup "), script);
        Path dumps = Files.createDirectories(folder.resolve("backup-" + System.nanoTime()));
        PostgresPod.run("chown", "postgres:postgres", dumps.toString());
        String here = script.replace("-h hud-postgresql -p 5432", "-h 127.0.0.1 -p " + pod.port())
                .replace("/backup", dumps.toString());
        var command = backup.path("command");
        var dumped = pod.execElsewhere(List.of(command.get(0).asText(), command.get(1).asText(), here),
                Map.of("PGPASSWORD", pod.password(password.at("/valueFrom/secretKeyRef/key").asText())));
        assertEquals(0, dumped.code(), "the backup's command as hud_backup: " + here + "\n" + dumped.output());
        try (Stream<Path> files = Files.list(dumps)) {
            var names = files.map(file -> file.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).startsWith("hud_gateway-") && names.get(1).startsWith("hud_telemetry-"), names
                    .toString());
        }
    }

    private static void assertDenied(SqlAction action) {
        var failure = assertThrows(SQLException.class, action::run);
        assertEquals(DENIED, failure.getSQLState(), failure.getMessage());
    }

    /** Probes that wait for a busy node: pg_isready's own limit inside the probe's, a minute before a restart. */
    private static void assertPatient(JsonNode probe, String name) {
        int timeout = probe.path("timeoutSeconds").asInt(1);
        String command = probe.at("/exec/command").toString();
        var limit = Pattern.compile("-t[\", ]+(\\d+)").matcher(command);
        assertTrue(limit.find(), name + ": pg_isready's limit is given: " + command);
        assertTrue(Integer.parseInt(limit.group(1)) < timeout, name + ": pg_isready gives up before the probe");
        assertTrue(timeout >= 5, name + ": timeoutSeconds " + timeout);
        if (name.equals("livenessProbe")) {
            assertTrue(probe.path("periodSeconds").asInt(10) * probe.path("failureThreshold").asInt(3) >= 60,
                    "a minute without an answer before a restart");
        }
    }

    private static long count(Connection connection, String query) throws SQLException {
        try (var rows = connection.createStatement().executeQuery(query)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException, IOException;
    }
}
