package dev.hud.cdn.media;

import static dev.hud.cdn.Http.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.Http;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Uploads, downloads and deletes over real HTTP, against each media store: {@link MediaTest} (a folder) and {@link
 * S3MediaTest} (a bucket of a real S3-compatible server).
 */
abstract class MediaApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    MediaStore store;

    /** Where uploads in progress are kept ({@code hud.cdn.media.root}/tmp). */
    abstract Path uploads();

    /** How many copies of the content with this hash the store holds. */
    abstract long storedCopies(String id) throws Exception;

    final String alice = MediaFixtures.token("alice", "user");
    final String bob = MediaFixtures.token("bob", "user");
    final String admin = MediaFixtures.token("root", "admin");

    HttpResponse<byte[]> upload(String token, String query, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("/media?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aModelGoesUpAndComesBackByItsHash() throws Exception {
        byte[] model = MediaFixtures.model();
        var created = upload(alice, "kind=model&name=" + "run%2042.zip", model);
        assertEquals(201, created.statusCode(), new String(created.body()));
        String id = json(created).get("id").asText();
        assertEquals(sha256(model), id);
        assertEquals("/media/" + id, header(created, "Location"));
        assertEquals("application/zip", json(created).get("contentType").asText());
        assertEquals("alice", json(created).get("owner").asText());

        var download = Http.get(base, "/media/" + id + MediaFixtures.access(id));
        assertEquals(200, download.statusCode());
        assertArrayEquals(model, download.body());
        assertEquals("\"" + id + "\"", header(download, "ETag"));
        assertEquals("private, max-age=300", header(download, "Cache-Control"));
        assertEquals("application/zip", header(download, "Content-Type"));
        assertEquals("attachment; filename=\"run 42.zip\"; filename*=UTF-8''run%2042.zip",
                header(download, "Content-Disposition"));
        assertEquals(304, Http.get(base, "/media/" + id + MediaFixtures.access(id), "If-None-Match", "\"" + id + "\"")
                .statusCode());
        var range = Http.get(base, "/media/" + id + MediaFixtures.access(id), "Range", "bytes=2-5");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(model, 2, 6), range.body());
        assertEquals(404, Http.get(base, "/media/" + "0".repeat(64)).statusCode());
        assertEquals(404, Http.get(base, "/media/..%2F..%2Fetc%2Fpasswd").statusCode());
    }

    @Test
    void multipartAndEveryKindIsJudgedByItsBytes() throws Exception {
        String boundary = "hud-boundary";
        byte[] csv = MediaFixtures.csv();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"oob.csv\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(csv);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var multipart = Http
                .send(HttpRequest.newBuilder(base.resolve("/media?kind=oob")).header("Authorization", "Bearer " + alice)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertEquals(201, multipart.statusCode(), new String(multipart.body()));
        assertEquals("text/csv; charset=utf-8", json(multipart).get("contentType").asText(),
                "the client's image/png is ignored");
        assertEquals("oob.csv", json(multipart).get("originalName").asText());
        assertArrayEquals(csv, Http.get(base, "/media/" + sha256(csv) + MediaFixtures.access(sha256(csv))).body());

        assertEquals("image/png",
                json(upload(alice, "kind=avatar", MediaFixtures.image("png"))).get("contentType").asText());
        assertEquals("image/jpeg",
                json(upload(alice, "kind=avatar", MediaFixtures.image("jpeg"))).get("contentType").asText());
        assertEquals(201, upload(alice, "kind=dataset", MediaFixtures.csv()).statusCode());

        assertRefused(upload(alice, "kind=model", "not a zip at all".getBytes()), "a model must be a zip file");
        byte[] fakePng = MediaFixtures.image("png");
        Arrays.fill(fakePng, 20, fakePng.length, (byte) 7);
        assertRefused(upload(alice, "kind=avatar", fakePng), "does not decode");
        assertRefused(upload(alice, "kind=avatar", MediaFixtures.model()), "PNG, JPEG or WebP");
        assertRefused(upload(alice, "kind=oob", new byte[] { 'a', ',', 'b', '\n', (byte) 0xff, (byte) 0xfe }), "UTF-8");
        assertRefused(upload(alice, "kind=dataset", "no header here\n".getBytes()), "header");
    }

    @Test
    void privateMediaNeedsItsAccessLinkAndAvatarsArePublic() throws Exception {
        byte[] model = MediaFixtures.model();
        String id = json(upload(MediaFixtures.token("hud-trainer", "service"), "kind=model", model)).get("id").asText();
        assertEquals(401, Http.get(base, "/media/" + id).statusCode(), "its id alone");
        assertEquals(403, Http.get(base, "/media/" + id, "Authorization", "Bearer " + alice).statusCode(),
                "a user's token");
        String other = sha256(MediaFixtures.csv());
        assertEquals(403, Http.get(base, "/media/" + id + MediaFixtures.access(other)).statusCode(),
                "a link for another file");
        assertEquals(403,
                Http.get(base, "/media/" + id + "?access=" + MediaFixtures.expiredToken("media")).statusCode());
        assertEquals(403, Http.get(base, "/media/" + id + "?access=" + alice).statusCode(),
                "a session token is no access link");
        assertArrayEquals(model, Http.get(base, "/media/" + id + MediaFixtures.access(id)).body());
        assertEquals(200,
                Http.get(base, "/media/" + id, "Authorization", "Bearer " + MediaFixtures.token("root", "admin"))
                        .statusCode());

        String avatar = json(upload(alice, "kind=avatar", MediaFixtures.image("png"))).get("id").asText();
        var picture = Http.get(base, "/media/" + avatar);
        assertEquals(200, picture.statusCode());
        assertEquals("public, max-age=31536000, immutable", header(picture, "Cache-Control"));
    }

    @Test
    void anImageThatClaimsTooManyPixelsIsRefusedBeforeItIsDecoded() throws Exception {
        // 3000 x 3000 one-bit pixels compress to a few kilobytes, and would decode to 36 MB of ARGB.
        var bomb = new BufferedImage(3000, 3000, BufferedImage.TYPE_BYTE_BINARY);
        var png = new ByteArrayOutputStream();
        ImageIO.write(bomb, "png", png);
        assertTrue(png.size() < 100_000, png.size() + " bytes");
        assertRefused(upload(alice, "kind=avatar", png.toByteArray()), "at most 4194304 pixels");
    }

    private static void assertRefused(HttpResponse<byte[]> response, String reason) throws Exception {
        assertEquals(415, response.statusCode(), new String(response.body()));
        assertEquals("application/problem+json", header(response, "Content-Type"));
        assertTrue(json(response).get("detail").asText().contains(reason), new String(response.body()));
    }

    @Test
    void onlyTokensTheGatewaySignedMayUpload() throws Exception {
        byte[] model = MediaFixtures.model();
        var none = upload(null, "kind=model", model);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", header(none, "WWW-Authenticate"));
        assertEquals(401, upload("not.a.token", "kind=model", model).statusCode());
        assertEquals(401, upload(MediaFixtures.expiredToken("alice"), "kind=model", model).statusCode());
        String foreign = alice.substring(0, alice.lastIndexOf('.') + 1) + "c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ";
        assertEquals(401, upload(foreign, "kind=model", model).statusCode());
        assertEquals(403, upload(MediaFixtures.token("eve", "guest"), "kind=model", model).statusCode());
        // A person's session is the gateway's: it checks the account and makes a token for the cdn.
        assertEquals(401, upload(MediaFixtures.session("alice", "user"), "kind=model", model).statusCode());
        assertEquals(201, upload(MediaFixtures.token("trainer", "service"), "kind=model", model).statusCode());
    }

    @Test
    void kindAndSizeAreChecked() throws Exception {
        var missing = upload(alice, "", MediaFixtures.model());
        assertEquals(400, missing.statusCode());
        assertEquals("kind", json(missing).get("errors").get(0).get("field").asText());
        assertEquals(400, upload(alice, "kind=spreadsheet", MediaFixtures.model()).statusCode());
        assertEquals(400, upload(alice, "kind=model", new byte[0]).statusCode());

        byte[] large = new byte[2 * 1024 * 1024 + 1];
        var declared = upload(alice, "kind=avatar", large);
        assertEquals(413, declared.statusCode());
        assertTrue(json(declared).get("detail").asText().contains("at most 2097152 bytes"));
        // Without a Content-Length (chunked), the limit holds as the bytes arrive.
        var chunked = Http.send(
                HttpRequest.newBuilder(base.resolve("/media?kind=avatar")).header("Authorization", "Bearer " + alice)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));
        assertEquals(413, chunked.statusCode());
        assertEquals(List.of(), awaitNoPartialUploads(), "nothing of the refused upload is kept");
    }

    @Test
    void identicalContentIsStoredOnceEvenWhenUploadedConcurrently() throws Exception {
        byte[] model = MediaFixtures.model();
        String id = sha256(model);
        List<Callable<Integer>> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String token = MediaFixtures.token("user" + (i % 4), "user");
            uploads.add(() -> upload(token, "kind=model", model).statusCode());
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            for (var status : pool.invokeAll(uploads)) {
                assertTrue(Set.of(200, 201).contains(status.get()));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, storedCopies(id));
        assertEquals(4, store.records(id).size(), "one record per owner");
        assertEquals(200, upload(MediaFixtures.token("user0", "user"), "kind=model", model).statusCode(),
                "already theirs");
    }

    @Test
    void ownersAndAdminsDelete() throws Exception {
        byte[] model = MediaFixtures.model();
        String id = json(upload(alice, "kind=model", model)).get("id").asText();
        var byBob = Http.send(
                HttpRequest.newBuilder(base.resolve("/media/" + id)).header("Authorization", "Bearer " + bob).DELETE());
        assertEquals(403, byBob.statusCode());
        var byAlice = Http.send(HttpRequest.newBuilder(base.resolve("/media/" + id))
                .header("Authorization", "Bearer " + alice).DELETE());
        assertEquals(204, byAlice.statusCode());
        assertEquals(404, Http.get(base, "/media/" + id).statusCode(), "invisible at once");

        String shared = json(upload(alice, "kind=model", model)).get("id").asText();
        upload(bob, "kind=model", model);
        var byAdmin = Http.send(HttpRequest.newBuilder(base.resolve("/media/" + shared))
                .header("Authorization", "Bearer " + admin).DELETE());
        assertEquals(204, byAdmin.statusCode());
        assertEquals(404, Http.get(base, "/media/" + shared).statusCode());
        assertEquals(401, Http.send(HttpRequest.newBuilder(base.resolve("/media/" + shared)).DELETE()).statusCode());
    }

    @Test
    void adminsListPageByPage() throws Exception {
        upload(alice, "kind=model", MediaFixtures.model());
        var page = Http.get(base, "/media?page=0&size=2", "Authorization", "Bearer " + admin);
        assertEquals(200, page.statusCode());
        assertTrue(json(page).get("items").size() <= 2);
        assertTrue(json(page).get("total").asLong() >= 1);
        assertEquals(403, Http.get(base, "/media", "Authorization", "Bearer " + alice).statusCode());
        var bad = Http.get(base, "/media?size=0", "Authorization", "Bearer " + admin);
        assertEquals(400, bad.statusCode());
        assertEquals("size", json(bad).get("errors").get(0).get("field").asText());
    }

    @Test
    void aCutUploadLeavesNothingAndTheNextOneWorks() throws Exception {
        byte[] model = MediaFixtures.model();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /media?kind=model HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(model);
            out.flush();
            await(() -> partialUploads().stream().anyMatch(path -> path.toFile().length() == model.length),
                    "the server has the first part of the body");
        }
        assertEquals(List.of(), awaitNoPartialUploads(), "the cut upload's temp file is gone");
        assertEquals(404, Http.get(base, "/media/" + sha256(model) + MediaFixtures.access(sha256(model))).statusCode());
        assertEquals(0, storedCopies(sha256(model)), "nothing of it was stored");
        assertEquals(201, upload(alice, "kind=model", model).statusCode());
        assertEquals(1, storedCopies(sha256(model)));
    }

    /** Temp files are removed asynchronously, right after the answer: give that a moment. */
    List<Path> awaitNoPartialUploads() throws Exception {
        await(() -> partialUploads().isEmpty(), "no upload in progress");
        return partialUploads();
    }

    /** Waits for a condition for up to 10 s; returns either way (the caller asserts what it needs). */
    static void await(Callable<Boolean> condition, String what) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(condition);
        } catch (ConditionTimeoutException notMet) {
            // the caller's assertion says what was missing
        }
    }

    List<Path> partialUploads() throws Exception {
        try (Stream<Path> files = Files.list(uploads())) {
            return files.filter(path -> path.getFileName().toString().startsWith("upload-")).toList();
        }
    }
}
