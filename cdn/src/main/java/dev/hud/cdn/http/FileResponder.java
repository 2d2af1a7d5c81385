package dev.hud.cdn.http;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends a {@link StaticFile} as a careful static server does: validators and 304s, HEAD, a single
 * byte range (206, 416 past the end), the precompressed variant the client accepts (with
 * {@code Vary}), {@code nosniff}, and the body by sendfile from disk.
 */
public final class FileResponder {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private FileResponder() {
    }

    /** Sends a file's bytes from elsewhere than its path (object storage): writes them and ends the response. */
    @FunctionalInterface
    public interface Body {
        void send(HttpServerResponse response, long offset, long length);
    }

    /** @param headers extra headers for 200/206/304 (e.g. Cache-Control, Content-Disposition) */
    public static void send(HttpServerRequest request, StaticFile file, Map<String, String> headers) {
        send(request, file, headers, null);
    }

    /** @param source where the bytes come from; null: the file's path (sendfile) or its bytes in memory */
    public static void send(HttpServerRequest request, StaticFile file, Map<String, String> headers, Body source) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
            return;
        }
        headers.forEach(response::putHeader);
        response.putHeader(HttpHeaders.ETAG, file.etag())
                .putHeader(HttpHeaders.LAST_MODIFIED,
                        HTTP_DATE.format(
                                ZonedDateTime.ofInstant(Instant.ofEpochMilli(file.lastModified()), ZoneOffset.UTC)))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (file.hasVariants()) {
            response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        }
        if (notModified(request, file)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, file.contentType());

        String rangeHeader = request.getHeader("Range");
        if (rangeHeader != null && ifRangeHolds(request, file)) {
            try {
                Optional<ByteRange> range = ByteRange.parse(rangeHeader, file.size());
                if (range.isPresent()) {
                    ByteRange r = range.get();
                    response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, r.contentRange(file.size()));
                    body(request, file.path(), r.start(), r.length(), null, source);
                    return;
                }
            } catch (ByteRange.Unsatisfiable e) {
                response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + file.size())
                        .putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
                return;
            }
        }
        String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        StaticFile.InMemory memory = file.memory();
        if (file.brotli() != null && ContentCoding.accepts(accepted, "br")) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "br");
            body(request, file.brotli(), 0, file.brotliSize(), memory == null ? null : memory.brotli(), null);
        } else if (file.gzip() != null && ContentCoding.accepts(accepted, "gzip")) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            body(request, file.gzip(), 0, file.gzipSize(), memory == null ? null : memory.gzip(), null);
        } else {
            body(request, file.path(), 0, file.size(), memory == null ? null : memory.identity(), source);
        }
    }

    private static void body(HttpServerRequest request, Path path, long offset, long length, Buffer inMemory,
            Body source) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
        } else if (inMemory != null) {
            response.end(inMemory);
        } else if (source != null) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
            source.send(response, offset, length);
        } else {
            response.sendFile(path.toString(), offset, length);
        }
    }

    /** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); ETags compare weakly for it. */
    static boolean notModified(HttpServerRequest request, StaticFile file) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            if (ifNoneMatch.strip().equals("*")) {
                return true;
            }
            String mine = file.etag().replace("W/", "");
            for (String tag : ifNoneMatch.split(",")) {
                if (tag.strip().replace("W/", "").equals(mine)) {
                    return true;
                }
            }
            return false;
        }
        String since = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (since == null) {
            return false;
        }
        try {
            long sinceSeconds = ZonedDateTime.parse(since, HTTP_DATE).toEpochSecond();
            return file.lastModified() / 1000 <= sinceSeconds;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A range is honoured only if If-Range is absent or names the current (strong) ETag. */
    private static boolean ifRangeHolds(HttpServerRequest request, StaticFile file) {
        String ifRange = request.getHeader("If-Range");
        return ifRange == null || ifRange.strip().equals(file.etag());
    }
}
