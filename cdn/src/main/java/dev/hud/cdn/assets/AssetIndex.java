package dev.hud.cdn.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.hud.cdn.http.ContentTypes;
import dev.hud.cdn.http.StaticFile;

/**
 * Every servable asset under a root folder, read once at start: a request can only ever get a file
 * of this index, so no path can leave the root (a symbolic link pointing outside is left out).
 * Variants {@code x.gz} and {@code x.br} attach to {@code x}; the ETag is the content's sha-256.
 */
public final class AssetIndex {

    /** Files up to this size are kept in memory as well (assets never change while the cdn runs). */
    static final long IN_MEMORY_LIMIT = 256 * 1024;

    /** esbuild's [name]-[hash] file names: 8 upper-case letters or digits before the extension. */
    private static final Pattern HASHED = Pattern.compile(".*-[A-Z0-9]{8}\\.[a-z0-9]+(\\.map)?$");

    private final Map<String, StaticFile> files;
    private final Map<String, Boolean> hashed;

    private AssetIndex(Map<String, StaticFile> files, Map<String, Boolean> hashed) {
        this.files = Map.copyOf(files);
        this.hashed = Map.copyOf(hashed);
    }

    public static AssetIndex of(Path root) {
        try {
            Path realRoot = root.toRealPath();
            Map<String, StaticFile> files = new HashMap<>();
            Map<String, Boolean> hashed = new HashMap<>();
            try (Stream<Path> paths = Files.walk(realRoot)) {
                for (Path path : paths.toList()) {
                    if (!Files.isRegularFile(path) || !inside(path, realRoot)) {
                        continue;
                    }
                    String name = realRoot.relativize(path).toString().replace('\\', '/');
                    if (name.endsWith(".gz") || name.endsWith(".br")) {
                        continue;
                    }
                    Path gzip = variant(path, ".gz", realRoot);
                    Path brotli = variant(path, ".br", realRoot);
                    long size = Files.size(path);
                    var memory = size > IN_MEMORY_LIMIT ? null
                            : new StaticFile.InMemory(StaticFile.InMemory.of(Files.readAllBytes(path)),
                                    StaticFile.InMemory.of(gzip == null ? null : Files.readAllBytes(gzip)),
                                    StaticFile.InMemory.of(brotli == null ? null : Files.readAllBytes(brotli)));
                    files.put(name, new StaticFile(path, size, ContentTypes.of(name), "\"" + sha256(path) + "\"",
                            Files.getLastModifiedTime(path).toMillis(), gzip, gzip == null ? 0 : Files.size(gzip),
                            brotli,
                            brotli == null ? 0 : Files.size(brotli), memory));
                    hashed.put(name, HASHED.matcher(name).matches());
                }
            }
            return new AssetIndex(files, hashed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index assets under " + root, e);
        }
    }

    public StaticFile get(String name) {
        return files.get(name);
    }

    /** Named by content: never changes, cacheable for a year. */
    public boolean isHashed(String name) {
        return hashed.getOrDefault(name, false);
    }

    public int size() {
        return files.size();
    }

    /** Every servable name (the warm-up picks its sample files from them). */
    public Set<String> names() {
        return files.keySet();
    }

    private static Path variant(Path file, String suffix, Path realRoot) throws IOException {
        Path variant = file.resolveSibling(file.getFileName() + suffix);
        return Files.isRegularFile(variant) && inside(variant, realRoot) ? variant : null;
    }

    /** The file itself, links resolved, lies under the root. */
    private static boolean inside(Path path, Path realRoot) throws IOException {
        if (!Files.isSymbolicLink(path) && !Files.isSymbolicLink(path.getParent())) {
            return path.startsWith(realRoot);
        }
        return path.toRealPath().startsWith(realRoot)
                && Files.isRegularFile(path.toRealPath(), LinkOption.NOFOLLOW_LINKS);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
