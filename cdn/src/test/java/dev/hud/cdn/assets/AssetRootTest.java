package dev.hud.cdn.assets;

import static dev.hud.cdn.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A configured asset folder holding symbolic links: one inside it is served, one leading out is not. */
@QuarkusTest
@TestProfile(AssetRootTest.Folder.class)
class AssetRootTest {

    public static class Folder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path outside = Files.createTempDirectory("hud-outside");
                Files.writeString(outside.resolve("secret.txt"), "not for the web");
                Path root = Files.createTempDirectory("hud-assets-root");
                Files.writeString(root.resolve("page.txt"), "hello");
                Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("page.txt"));
                Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
                Files.createSymbolicLink(root.resolve("outside"), outside);
                return Map.of("hud.cdn.assets.root", root.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void linksOutOfTheRootAreNotServed() throws Exception {
        assertEquals(200, get(base, "/assets/page.txt").statusCode());
        assertEquals(200, get(base, "/assets/inside.txt").statusCode());
        assertEquals(404, get(base, "/assets/secret.txt").statusCode());
        assertEquals(404, get(base, "/assets/outside/secret.txt").statusCode());
    }
}
