package dev.hud.sensors.stream;

import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;

import dev.hud.sensors.Durations;

/**
 * What a client asked of the stream: one node or all ({@code ?node=}), some cores or all
 * ({@code ?cores=0,2}), every sample or at most one per node and period ({@code ?every=1s}).
 */
record StreamRequest(String node, BitSet cores, Duration every, Long lastEventId) {

    /** @throws IllegalArgumentException naming the parameter at fault */
    static StreamRequest parse(String node, String cores, String every, String lastEventId) {
        BitSet selected = null;
        if (cores != null && !cores.isBlank()) {
            selected = new BitSet();
            for (String core : cores.split(",")) {
                int index = number("cores", core);
                if (index < 0 || index > 4096) {
                    throw new IllegalArgumentException("cores: core numbers are 0 to 4096, got " + core);
                }
                selected.set(index);
            }
        }
        Duration period = null;
        if (every != null && !every.isBlank()) {
            period = duration(every);
        }
        Long last = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                last = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Last-Event-ID: not a sample sequence number: " + lastEventId);
            }
        }
        return new StreamRequest(node == null || node.isBlank() ? null : node, selected, period, last);
    }

    private static int number(String parameter, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + ": '" + value + "' is not a whole number");
        }
    }

    private static Duration duration(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("every: a duration such as 250ms, 1s or 1m, got '" + value + "'");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("every: between 1ms and 1h, got " + value);
        }
        return duration;
    }

    Optional<BitSet> coreFilter() {
        return Optional.ofNullable(cores);
    }
}
