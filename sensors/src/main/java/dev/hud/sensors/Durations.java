package dev.hud.sensors;

import java.time.Duration;
import java.util.Locale;

/** The durations the API takes: 250ms, 1.5s, 5m, 1h, or ISO-8601 (PT1M). */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException if the text is none of those forms */
    public static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text);
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            double number = Double.parseDouble(text.substring(0, text.length() - 1));
            long unit = switch (text.charAt(text.length() - 1)) {
                case 's' -> 1_000;
                case 'm' -> 60_000;
                case 'h' -> 3_600_000;
                default -> throw new NumberFormatException();
            };
            return Duration.ofMillis((long) (number * unit));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration such as 250ms, 1s, 5m, 1h or PT1M: '" + value + "'");
        }
    }
}
