package dev.hud.cdn.http;

import java.nio.file.Path;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * A file ready to send: its identity encoding and, when made at build or upload time, its gzip and
 * brotli variants (null when absent).
 *
 * @param etag    strong entity tag, quoted
 * @param memory  the same bytes held in memory, for small immutable files; null to send from disk
 */
public record StaticFile(Path path, long size, String contentType, String etag, long lastModified, Path gzip,
        long gzipSize,
        Path brotli, long brotliSize, InMemory memory) {

    /**
     * Small files sent from memory: opening a file per request costs more than sending a few
     * kilobytes. The buffers are direct and never released, so every response can share them.
     */
    public record InMemory(Buffer identity, Buffer gzip, Buffer brotli) {

        public static Buffer of(byte[] bytes) {
            return bytes == null ? null
                    : Buffer.buffer(Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)));
        }
    }

    public boolean hasVariants() {
        return gzip != null || brotli != null;
    }
}
