package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Abuse of the running system ({@code ./hud up}), bounded in size and time: what an anonymous or hostile caller sends
 * to exhaust a service or reach what is not theirs. Each case asserts a 4xx problem body and that the services stay
 * ready; where memory is the target, the gateway's heap after a full GC.
 */
class AbuseIT {

    @RegisterExtension
    static final HudSystem system = new HudSystem("abuse");

    private static final String PASSWORD = "a long enough passphrase";
    private static Api admin;

    @BeforeAll
    static void users() throws Exception {
        admin = new Api(system.url()).login("admin", system.adminPassword());
        for (String name : List.of("ada", "bob", "carol", "dave", "erin")) {
            var created = admin.post("/api/users",
                    "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \""
                            + ("erin".equals(name) ? "admin" : "user") + "\"}");
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    /** 36 MB of user names in failed logins leave the gateway's heap, after a full GC, within 8 MB of where it was. */
    @Test
    void giantNamesAreForgotten() throws Exception {
        var anonymous = new Api(system.url());
        anonymous.post("/api/auth/token", "{\"username\": \"warm-up\", \"password\": \"x\"}");
        long before = heapAfterGc("gateway");
        String giant = "n".repeat(900_000);
        for (int i = 0; i < 40; i++) {
            expectProblem(
                    anonymous.post("/api/auth/token", "{\"username\": \"" + giant + i + "\", \"password\": \"guess\"}"),
                    400, 401);
        }
        expectProblem(anonymous.post("/api/auth/token",
                "{\"username\": \"" + "n".repeat(2_000_000) + "\", \"password\": \"x\"}"), 413);
        long grown = heapAfterGc("gateway") - before;
        assertTrue(grown < 8 << 20, "the gateway's heap after GC grew by " + (grown >> 20) + " MB");
        assertReady("gateway");
    }

    /**
     * A job request's lists and strings are bounded: 100,000 dropped features are refused, not copied into every trial.
     */
    @Test
    void oversizedListsAreRefused() throws Exception {
        var ada = new Api(system.url()).login("ada", PASSWORD);
        var drop = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            drop.append(i == 0 ? "" : ",").append("\"feature_").append(i).append('"');
        }
        var answer = ada.post("/api/training-jobs",
                "{\"grid\": {\"learningRate\": [0.03], \"momentum\": [0.4]}, \"epochs\": 2,"
                        + " \"folds\": 2, \"features\": {\"drop\": [" + drop + "]}}");
        expectProblem(answer, 400, 413);
        var name = ada.post("/api/training-jobs",
                "{\"name\": \"" + "j".repeat(100_000) + "\", \"grid\": {\"learningRate\": [0.03],"
                        + " \"momentum\": [0.4]}, \"epochs\": 2, \"folds\": 2}");
        assertEquals("name", Api.json(expectProblem(name, 400)).path("errors").path(0).path("field").asText());
        assertEquals(0, Api.json(ada.get("/api/training-jobs")).path("total").asLong(), "nothing refused was kept");
        assertReady("gateway");
    }

    /** 20 guesses at once: the throttle counts each before the hash, so at most 5 are even tried. */
    @Test
    void parallelGuessesAreThrottled() throws Exception {
        var anonymous = new Api(system.url());
        var start = new CountDownLatch(1);
        List<Callable<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String guess = "wrong guess " + i;
            guesses.add(() -> {
                start.await();
                return anonymous.post("/api/auth/token", "{\"username\": \"carol\", \"password\": \"" + guess + "\"}")
                        .statusCode();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(20);
        try {
            var futures = guesses.stream().map(pool::submit).toList();
            start.countDown();
            for (var future : futures) {
                statuses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(statuses.stream().allMatch(s -> s == 401 || s == 429), statuses.toString());
        assertTrue(statuses.stream().filter(s -> s == 401).count() <= 5, "guesses tried: " + statuses);
        // Even the right password waits now.
        var right = anonymous.post("/api/auth/token", "{\"username\": \"carol\", \"password\": \"" + PASSWORD + "\"}");
        expectProblem(right, 429);
        assertTrue(right.headers().firstValue("Retry-After").isPresent());
    }

    /** A page of another site cannot use the session cookie to change anything. */
    @Test
    void aForeignOriginCannotUseTheSession() throws Exception {
        var login = Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(system.url() + "/api/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers
                                .ofString("{\"username\": \"dave\", \"password\": \"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String job = "{\"grid\": {\"learningRate\": [0.03], \"momentum\": [0.4]}, \"epochs\": 2, \"folds\": 2}";
        var forged = Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(system.url() + "/api/training-jobs"))
                        .header("Content-Type", "application/json")
                        .header("Cookie", cookie).header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.ofString(job)).build(),
                HttpResponse.BodyHandlers.ofString());
        expectProblem(forged, 403);
        var own = Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(system.url() + "/api/training-jobs"))
                        .header("Content-Type", "application/json")
                        .header("Cookie", cookie).header("Origin", system.url())
                        .POST(HttpRequest.BodyPublishers.ofString(job)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, own.statusCode(), own.body());
    }

    /**
     * A token ends with the password it was issued under, and with the role it names; and a session opens no other
     * service itself, so there it cannot outlive its account either.
     */
    @Test
    void tokensEndWithAPasswordChangeAndADemotion() throws Exception {
        var bob = new Api(system.url()).login("bob", PASSWORD);
        var other = new Api(system.url()).login("bob", PASSWORD);
        for (String service : List.of("trainer", "sensors", "cdn")) {
            String anyPath = switch (service) {
                case "trainer" -> "/api/models/00000000-0000-0000-0000-000000000000/predictions";
                case "sensors" -> "/api/sensors/history?node=any&from=0&to=1000&step=1s";
                default -> "/media?size=1";
            };
            var refused = "trainer".equals(service) ? other.at(system.url(service)).post(anyPath, "{\"rows\": [[1]]}")
                    : other.at(system.url(service)).get(anyPath);
            expectProblem(refused, 401);
        }
        var changed = bob.send("PUT", "/api/account/password", "application/json",
                ("{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"another long passphrase\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, changed.statusCode(), changed.body());
        expectProblem(other.get("/api/auth/me"), 401);
        expectProblem(other.post("/api/auth/sensors-token", ""), 401);

        var erin = new Api(system.url()).login("erin", PASSWORD);
        assertEquals(200, erin.get("/api/users").statusCode());
        long id = 0;
        for (JsonNode user : Api.json(admin.get("/api/users"))) {
            id = "erin".equals(user.path("username").asText()) ? user.path("id").asLong() : id;
        }
        assertEquals(200, admin.send("PATCH", "/api/users/" + id, "application/json", "{\"role\": \"user\"}".getBytes())
                .statusCode());
        expectProblem(erin.get("/api/users"), 401);
    }

    /** Another user's model, its files and its predictions are not there for them, by API or by the cdn's address. */
    @Test
    void anotherUsersModelAndItsMedia() throws Exception {
        var ada = new Api(system.url()).login("ada", PASSWORD);
        var submitted = ada.post("/api/training-jobs",
                "{\"name\": \"private\", \"grid\": {\"learningRate\": [0.03], \"momentum\": [0.4]},"
                        + " \"epochs\": 5, \"folds\": 2}");
        assertEquals(202, submitted.statusCode(), submitted.body());
        String job = Api.json(submitted).path("id").asText();
        assertEquals("succeeded", ada.awaitEnd(job, 240).path("status").asText());
        JsonNode model = Api.json(ada.get("/api/models/" + job));
        String download = model.path("download").asText();
        assertTrue(download.startsWith("/media/"), model.toString());

        var mallory = new Api(system.url()).login("dave", PASSWORD);
        expectProblem(mallory.get("/api/models/" + job), 404);
        expectProblem(mallory.get("/api/models/" + job + "/download"), 404);
        expectProblem(mallory.post("/api/models/" + job + "/predictions", "{\"rows\": [[1]]}"), 404);
        // The file's address alone is not enough, through the edge or at the cdn, with or without a session.
        for (Api caller : List.of(new Api(system.url()), mallory, mallory.at(system.url("cdn")))) {
            int status = caller.bytes(download).statusCode();
            assertTrue(status == 401 || status == 403 || status == 404, download + " answered " + status);
        }
        assertEquals(200, ada.viaAccessLink("/api/models/" + job + "/download").statusCode());
    }

    /** Small PNGs that claim 20,000 x 20,000 or 4,000 x 4,000 pixels are refused from their header, before decoding. */
    @Test
    void anImageBombIsRefusedUndecoded() throws Exception {
        var ada = new Api(system.url()).login("ada", PASSWORD);
        for (int side : new int[] { 20_000, 4_000 }) {
            byte[] bomb = pngClaiming(side, side);
            assertTrue(bomb.length < 1000);
            var refused = expectProblem(ada.send("PUT", "/api/account/avatar", "image/png", bomb), 415);
            assertTrue(Api.json(refused).path("detail").asText().contains(side + "x" + side), refused.body());
        }
        assertReady("cdn");
        assertReady("gateway");
    }

    /** History is for signed-in people, and what one request may scan is bounded. */
    @Test
    void historyScansAreBounded() throws Exception {
        long to = System.currentTimeMillis();
        String query = "/api/sensors/history?node=any&from=" + (to - 40L * 86_400_000) + "&to=" + to + "&step=1s";
        expectProblem(new Api(system.url()).get(query), 401);
        var session = new Api(system.url()).login("ada", PASSWORD);
        expectProblem(session.get(query), 401); // a session is the gateway's; the sensors take a token made for them
        var ada = session.forSensors();
        JsonNode refused = Api.json(expectProblem(ada.get(query), 400));
        assertTrue(refused.path("errors").size() > 0, refused.toString());
        assertEquals(200, ada.get("/api/sensors/history?node=any&from=" + (to - 3_600_000) + "&to=" + to + "&step=1m")
                .statusCode());
        assertReady("sensors");
    }

    /** Health, metrics and the API description are on the management ports only. */
    @Test
    void operationalEndpointsAreNotPublic() throws Exception {
        for (String service : List.of("gateway", "trainer", "sensors", "cdn")) {
            for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
                assertNotEquals(200, new Api(system.url(service)).get(path).statusCode(), service + path);
                assertEquals(200, new Api(system.management(service)).get(path).statusCode(),
                        service + " management " + path);
            }
        }
        assertNotEquals(200, new Api(system.url()).get("/q/metrics").statusCode());
    }

    private static HttpResponse<String> expectProblem(HttpResponse<String> response, int... statuses) {
        boolean expected = false;
        for (int status : statuses) {
            expected |= response.statusCode() == status;
        }
        String body = response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
        assertTrue(expected, "answered " + response.statusCode() + ": " + body);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                response.statusCode() + " " + body);
        return response;
    }

    private static void assertReady(String service) {
        assertEquals(200, Readiness.status(system.management(service)), service + " is not ready");
    }

    /** Heap in use right after a full collection ({@code jcmd GC.run}), from the service's Prometheus metrics. */
    private static long heapAfterGc(String service) throws Exception {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Shell.run(60, jcmd, String.valueOf(system.pid(service)), "GC.run").assertSucceeded("jcmd GC.run");
        String metrics = new Api(system.management(service)).get("/q/metrics").body();
        long used = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertTrue(used > 0, "no heap figures in " + service + "'s metrics");
        return used;
    }

    /** A real 1 x 1 PNG whose header claims {@code width} x {@code height} (its CRC fixed to match). */
    private static byte[] pngClaiming(int width, int height) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        byte[] png = out.toByteArray();
        // Signature (8), IHDR length (4) and type (4), then width and height; the CRC covers type and data (17 bytes).
        ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        var crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}
