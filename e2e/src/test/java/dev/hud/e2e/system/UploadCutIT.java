package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client cut off in the middle of an upload, to the gateway (an avatar) and to the cdn itself (a
 * model, as a trainer sends it; with a length and chunked): nothing of it becomes visible or stays
 * on disk, and the next upload succeeds.
 */
class UploadCutIT {

    @RegisterExtension
    static final HudSystem system = new HudSystem("upload-cut", "cdn", "gateway");

    private static Api admin;
    private static Api cdnAdmin;

    @BeforeAll
    static void login() throws Exception {
        admin = new Api(system.url()).login("admin", system.adminPassword());
        // At the cdn itself, as the gateway calls it: a token made for the cdn (a person's session is the gateway's
        // alone).
        cdnAdmin = Api.withToken(system.url("cdn"), system.tokenFor("cdn", "hud-gateway", "admin"));
    }

    @Test
    void aCutUploadLeavesNothingAndTheNextOneSucceeds() throws Exception {
        byte[] avatar = Images.png(600, 600, 0x884422);
        byte[] model = zip(3 << 20);
        long listed = listed();

        cut(system.url(), admin, "PUT /api/account/avatar", "image/png", avatar, false);
        cut(system.url("cdn"), cdnAdmin, "POST /media?kind=model&name=model.zip", "application/zip", model, false);
        cut(system.url("cdn"), cdnAdmin, "POST /media?kind=model&name=model.zip", "application/zip", model, true);

        long deadline = System.currentTimeMillis() + 10_000;
        while (files("tmp") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, files("tmp"), "no partial upload is left in the cdn's tmp/");
        assertEquals(0, files("blobs"), "nothing was stored");
        assertEquals(listed, listed(), "nothing is listed");
        assertTrue(Api.json(admin.get("/api/account")).path("avatar").isNull(), "the account has no avatar");

        var stored = admin.send("PUT", "/api/account/avatar", "image/png", avatar);
        assertEquals(200, stored.statusCode(), stored.body());
        String path = Api.json(stored).path("avatar").asText();
        assertTrue(Arrays.equals(avatar, admin.bytes(path).body()), "the whole avatar is served");
        var direct = cdnAdmin.send("POST", "/media?kind=model&name=model.zip", "application/zip", model);
        assertEquals(201, direct.statusCode(), direct.body());
        assertEquals(listed + 2, listed());
        assertEquals(0, files("tmp"));
    }

    /** A real zip file (the cdn checks a model is one) of about {@code size} bytes. */
    private static byte[] zip(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(7).nextBytes(content);
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("weights.bin"));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Sends the request line, headers and half of {@code body}, then closes the connection. */
    private static void cut(String base, Api caller, String requestLine, String type, byte[] body, boolean chunked)
            throws Exception {
        var url = URI.create(base);
        try (var socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            String head = requestLine + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Bearer "
                    + caller.token
                    + "\r\nContent-Type: " + type + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            if (chunked) {
                out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, half);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(body, 0, half);
            }
            out.flush();
            Thread.sleep(300); // the server has started on it
        }
    }

    private static long listed() throws Exception {
        var listing = cdnAdmin.get("/media?size=1");
        assertEquals(200, listing.statusCode(), listing.body());
        return Api.json(listing).path("total").asLong();
    }

    private static long files(String folder) throws Exception {
        Path dir = system.state.resolve("media").resolve(folder);
        if (!Files.exists(dir)) {
            return 0;
        }
        // The cdn deletes a cut upload's temp file while this counts: a file that goes between the listing and the look
        // at it is gone, not an error (Files.walk throws NoSuchFileException for it; a run under load met that).
        var count = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    count.incrementAndGet();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return count.get();
    }
}
