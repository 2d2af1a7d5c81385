package dev.hud.cdn.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The assets built into the cdn (target/classes/hud-assets, listed by its manifest.json), unpacked
 * into a folder so they are served from disk like any other.
 */
final class BuiltAssets {

    static final String FOLDER = "hud-assets";

    private BuiltAssets() {
    }

    static Path unpack(ObjectMapper json) {
        try (InputStream manifest = resource("manifest.json")) {
            JsonNode files = json.readTree(manifest).get("files");
            Path target = Files.createTempDirectory("hud-assets-");
            for (JsonNode file : files) {
                String name = file.asText();
                Path destination = target.resolve(name).normalize();
                if (!destination.startsWith(target)) {
                    throw new IllegalStateException("manifest entry outside the asset folder: " + name);
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = resource(name)) {
                    Files.copy(in, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the built assets", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(FOLDER + "/" + name);
        if (in == null) {
            throw new IOException(FOLDER + "/" + name + " is missing: were the assets built (npm, node build.mjs)?");
        }
        return in;
    }
}
