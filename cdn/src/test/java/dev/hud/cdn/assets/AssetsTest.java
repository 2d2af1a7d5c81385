package dev.hud.cdn.assets;

import static dev.hud.cdn.Http.get;
import static dev.hud.cdn.Http.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.Http;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The assets built by npm/esbuild into the cdn, served over real HTTP. */
@QuarkusTest
class AssetsTest {

    @TestHTTPResource("/")
    URI base;

    private static byte[] built(String name) throws IOException {
        try (InputStream in = AssetsTest.class.getClassLoader().getResourceAsStream("hud-assets/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String hashed(String entry) throws IOException {
        return new ObjectMapper().readTree(built("manifest.json")).get("entries").get(entry).asText();
    }

    @Test
    void hashedNamesAreImmutableAndPlainNamesRevalidate() throws Exception {
        String app = hashed("app.js");
        assertTrue(app.matches("app-[A-Z0-9]{8}\\.js"), app);
        var hashedResponse = get(base, "/assets/" + app);
        assertEquals(200, hashedResponse.statusCode());
        assertEquals("public, max-age=31536000, immutable", header(hashedResponse, "Cache-Control"));
        assertEquals("text/javascript; charset=utf-8", header(hashedResponse, "Content-Type"));
        assertEquals("nosniff", header(hashedResponse, "X-Content-Type-Options"));
        assertArrayEquals(built(app), hashedResponse.body());

        var plain = get(base, "/assets/app.js");
        assertEquals("public, max-age=60", header(plain, "Cache-Control"));
        assertTrue(header(plain, "ETag").matches("\"[0-9a-f]{64}\""));
        assertEquals(header(hashedResponse, "ETag"), header(plain, "ETag"), "same content, same entity tag");
        assertTrue(new String(plain.body()).contains("just now"), "bundled and minified from app.js + time.js");
    }

    @Test
    void validatorsGive304() throws Exception {
        var first = get(base, "/assets/hud.css");
        String etag = header(first, "ETag");
        String lastModified = header(first, "Last-Modified");
        var byTag = get(base, "/assets/hud.css", "If-None-Match", "\"other\", " + etag);
        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        assertEquals(etag, header(byTag, "ETag"));
        assertEquals(304, get(base, "/assets/hud.css", "If-None-Match", "W/" + etag).statusCode(),
                "If-None-Match compares weakly");
        assertEquals(304, get(base, "/assets/hud.css", "If-Modified-Since", lastModified).statusCode());
        assertEquals(200,
                get(base, "/assets/hud.css", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode());
        assertEquals(200,
                get(base, "/assets/hud.css", "If-None-Match", "\"stale\"", "If-Modified-Since", lastModified)
                        .statusCode(),
                "If-None-Match decides when both are sent");
    }

    @Test
    void headAndRanges() throws Exception {
        byte[] css = built("hud.css");
        var head = Http.send(HttpRequest.newBuilder(base.resolve("/assets/hud.css")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(css.length), header(head, "Content-Length"));
        assertEquals(0, head.body().length);

        var range = get(base, "/assets/hud.css", "Range", "bytes=0-9");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 0-9/" + css.length, header(range, "Content-Range"));
        assertArrayEquals(Arrays.copyOf(css, 10), range.body());
        var suffix = get(base, "/assets/hud.css", "Range", "bytes=-5");
        assertArrayEquals(Arrays.copyOfRange(css, css.length - 5, css.length), suffix.body());
        var beyond = get(base, "/assets/hud.css", "Range", "bytes=" + css.length + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + css.length, header(beyond, "Content-Range"));
        assertEquals(200, get(base, "/assets/hud.css", "Range", "bytes=0-1,5-6").statusCode(),
                "several ranges: the whole file");
        assertEquals(200, get(base, "/assets/hud.css", "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode());
    }

    @Test
    void precompressedVariantsByAcceptEncoding() throws Exception {
        byte[] js = built("app.js");
        var brotli = get(base, "/assets/app.js", "Accept-Encoding", "gzip, deflate, br");
        assertEquals("br", header(brotli, "Content-Encoding"));
        assertEquals("Accept-Encoding", header(brotli, "Vary"));
        assertArrayEquals(built("app.js.br"), brotli.body());
        var gzip = get(base, "/assets/app.js", "Accept-Encoding", "gzip, br;q=0");
        assertEquals("gzip", header(gzip, "Content-Encoding"));
        assertArrayEquals(js, new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes());
        var identity = get(base, "/assets/app.js");
        assertNull(header(identity, "Content-Encoding"));
        assertArrayEquals(js, identity.body());
        assertNotEquals(js.length, brotli.body().length);
    }

    @Test
    void noPathLeavesTheAssetRoot() throws Exception {
        for (String path : new String[] { "/assets/", "/assets/images/", "/assets/../application.properties",
                "/assets/%2e%2e/application.properties", "/assets/..%2fapplication.properties",
                "/assets/%2e%2e%2fapplication.properties",
                "/assets/images/%2e%2e%2f%2e%2e%2fapplication.properties", "/assets//etc/passwd",
                "/assets/%2fetc%2fpasswd",
                "/assets/..%5capplication.properties", "/assets/hud.css%00.js" }) {
            int status = get(base, path).statusCode();
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
        var post = Http.send(
                HttpRequest.newBuilder(base.resolve("/assets/hud.css")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "Allow"));
    }
}
