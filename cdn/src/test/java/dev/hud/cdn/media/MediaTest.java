package dev.hud.cdn.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hud.cdn.Http;
import io.quarkus.test.junit.QuarkusTest;

/** The media API on the default store, a folder (target/media). */
@QuarkusTest
class MediaTest extends MediaApiTest {

    private static final Path ROOT = Path.of("target/media");

    @Override
    Path uploads() {
        return ROOT.resolve("tmp");
    }

    @Override
    long storedCopies(String id) throws Exception {
        try (Stream<Path> blobs = Files.walk(ROOT.resolve("blobs"))) {
            return blobs.filter(path -> path.getFileName().toString().equals(id)).count();
        }
    }

    @Test
    void garbageFromCrashesIsCollected() throws Exception {
        Path oldTemp = Files.writeString(ROOT.resolve("tmp/upload-crashed.part"), "half");
        Path blobDir = Files.createDirectories(ROOT.resolve("blobs/ee"));
        Path orphan = Files.writeString(blobDir.resolve("ee" + "1".repeat(62)), "nobody refers to me");
        Path freshTemp = Files.writeString(ROOT.resolve("tmp/upload-in-progress.part"), "still coming");
        FileTime longAgo = FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L);
        Files.setLastModifiedTime(oldTemp, longAgo);
        Files.setLastModifiedTime(orphan, longAgo);
        String kept = json(upload(alice, "kind=model", MediaFixtures.model())).get("id").asText();

        assertTrue(store.collectGarbage() >= 2);
        assertTrue(Files.notExists(oldTemp));
        assertTrue(Files.notExists(orphan));
        assertTrue(Files.exists(freshTemp), "an upload in progress is left alone");
        assertEquals(200, Http.get(base, "/media/" + kept + MediaFixtures.access(kept)).statusCode());
        Files.delete(freshTemp);
    }
}
