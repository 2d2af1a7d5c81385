package dev.hud.gateway.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.AttributeConverter;

/**
 * Statuses are stored and shown by their lower-case labels (the schema's CHECK constraints list them; the API and the
 * web app read them): one rule for every status enum.
 */
public final class Labels {

    private Labels() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String label) {
        return Arrays.stream(type.getEnumConstants()).filter(value -> of(value).equals(label)).findFirst();
    }

    static <E extends Enum<E>> List<String> all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Labels::of).toList();
    }

    /** A column that holds a status's label. */
    abstract static class Column<E extends Enum<E>> implements AttributeConverter<E, String> {

        private final Class<E> type;

        Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : of(value);
        }

        @Override
        public E convertToEntityAttribute(String label) {
            return label == null ? null
                    : parse(type, label).orElseThrow(() -> new IllegalStateException(
                            "unknown " + type.getSimpleName() + " '" + label + "'"));
        }
    }
}
