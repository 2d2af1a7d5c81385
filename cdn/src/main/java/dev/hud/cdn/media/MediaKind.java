package dev.hud.cdn.media;

import java.util.Locale;
import java.util.Optional;

/** What an upload is: it decides its size limit and the content it must have. */
public enum MediaKind {
    /** A trained model: a zip (DL4J's format). */
    MODEL,
    /** Out-of-bag data: UTF-8 CSV. */
    OOB,
    /** A data set: UTF-8 CSV. */
    DATASET,
    /** A user's picture: PNG, JPEG or WebP that decodes. */
    AVATAR;

    public static Optional<MediaKind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
