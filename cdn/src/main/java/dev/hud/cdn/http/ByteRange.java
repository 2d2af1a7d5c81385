package dev.hud.cdn.http;

import java.util.Optional;

/**
 * A single byte range of a representation of {@code length} bytes (RFC 9110 section 14).
 * {@link #parse} returns empty for a header to ignore (not "bytes=", several ranges, bad syntax:
 * the whole representation is sent) and throws {@link Unsatisfiable} for a range that starts past
 * the end (416).
 */
public record ByteRange(long start, long end) {

    /** The range lies outside the representation: answer 416 with {@code Content-Range: bytes *\/length}. */
    public static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    public long length() {
        return end - start + 1;
    }

    public String contentRange(long total) {
        return "bytes " + start + "-" + end + "/" + total;
    }

    public static Optional<ByteRange> parse(String header, long length) throws Unsatisfiable {
        if (header == null || !header.startsWith("bytes=")) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).strip();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || length == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, length - suffix), length - 1));
            }
            long start = Long.parseLong(first);
            if (start >= length) {
                throw new Unsatisfiable();
            }
            long end = last.isEmpty() ? length - 1 : Long.parseLong(last);
            if (start < 0 || end < start) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(start, Math.min(end, length - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
