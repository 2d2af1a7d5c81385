package dev.hud.cdn.http;

import java.nio.file.Path;

/**
 * A file ready to send: its identity encoding and, when made at build or upload time, its gzip and
 * brotli variants (null when absent).
 *
 * @param etag  strong entity tag, quoted
 */
public record StaticFile(Path path, long size, String contentType, String etag, long lastModified, Path gzip, long gzipSize,
        Path brotli, long brotliSize) {

    public boolean hasVariants() {
        return gzip != null || brotli != null;
    }
}
