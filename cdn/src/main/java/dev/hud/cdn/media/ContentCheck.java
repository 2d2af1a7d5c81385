package dev.hud.cdn.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an uploaded file really is, judged by its bytes (never by the client's Content-Type), and
 * whether it is acceptable for its kind. Returns the content type to serve it with.
 */
public final class ContentCheck {

    /** Avatars larger than this in either dimension are refused before they are decoded. */
    static final int MAX_AVATAR_SIDE = 4096;
    /**
     * And with more pixels than this (2048 x 2048, 16 MB decoded): a PNG of a few kilobytes can claim 4096 x 4096,
     * which would decode to 64 MB.
     */
    static final long MAX_AVATAR_PIXELS = 2048L * 2048;
    /** Images decoded at once; more wait (each may take MAX_AVATAR_PIXELS x 4 bytes). */
    static final int CONCURRENT_DECODES = 2;
    private static final Semaphore DECODES = new Semaphore(CONCURRENT_DECODES, true);

    private static final byte[] ZIP = { 'P', 'K', 3, 4 };
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    private static final byte[] JPEG = { (byte) 0xff, (byte) 0xd8, (byte) 0xff };

    /** The file cannot be stored as this kind: the reason is the API's answer. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    private ContentCheck() {
    }

    public static String check(MediaKind kind, Path file) throws IOException, Refused {
        byte[] head = head(file, 16);
        return switch (kind) {
            case MODEL -> {
                if (!startsWith(head, ZIP)) {
                    throw new Refused("a model must be a zip file");
                }
                yield "application/zip";
            }
            case OOB, DATASET -> {
                csv(file);
                yield "text/csv; charset=utf-8";
            }
            case AVATAR -> image(file, head);
        };
    }

    private static void csv(Path file) throws IOException, Refused {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean firstLineHasComma = false;
        boolean inFirstLine = true;
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder)) {
            char[] buffer = new char[8192];
            for (int read; (read = reader.read(buffer)) > 0;) {
                for (int i = 0; i < read; i++) {
                    char c = buffer[i];
                    if (c == 0) {
                        throw new Refused("a CSV file must not contain NUL bytes");
                    }
                    if (inFirstLine) {
                        if (c == ',') {
                            firstLineHasComma = true;
                        } else if (c == '\n') {
                            inFirstLine = false;
                        }
                    }
                }
            }
        } catch (CharacterCodingException e) {
            throw new Refused("a CSV file must be UTF-8 text");
        }
        if (!firstLineHasComma) {
            throw new Refused("a CSV file starts with a header of comma-separated column names");
        }
    }

    private static String image(Path file, byte[] head) throws IOException, Refused {
        String format;
        String type;
        if (startsWith(head, PNG)) {
            format = "png";
            type = "image/png";
        } else if (startsWith(head, JPEG)) {
            format = "jpeg";
            type = "image/jpeg";
        } else if (head.length >= 12 && startsWith(head, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && Arrays.equals(Arrays.copyOfRange(head, 8, 12), "WEBP".getBytes(StandardCharsets.US_ASCII))) {
            format = "webp";
            type = "image/webp";
        } else {
            throw new Refused("an avatar must be a PNG, JPEG or WebP image");
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            var readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new IllegalStateException("no ImageIO reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_AVATAR_SIDE || height > MAX_AVATAR_SIDE) {
                    throw new Refused("an avatar is at most " + MAX_AVATAR_SIDE + " pixels wide and high, this one is "
                            + width + "x" + height);
                }
                if ((long) width * height > MAX_AVATAR_PIXELS) {
                    throw new Refused("an avatar has at most " + MAX_AVATAR_PIXELS + " pixels, this one claims " + width
                            + "x" + height);
                }
                decode(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused("the " + format + " image does not decode: " + e.getMessage());
        }
        return type;
    }

    /** Decodes the whole image (proof that it is one), a bounded number at once. */
    private static void decode(ImageReader reader) throws IOException {
        DECODES.acquireUninterruptibly();
        try {
            reader.read(0);
        } finally {
            DECODES.release();
        }
    }

    private static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }
}
