package dev.hud.sensors.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Simulated nodes for the fleet bench (bench/sensors/fleet): each tick, one sample per node, shaped like a real one
 * (4 cores, temperatures, utilisation, frequency, load), marked {@code temperatureSource=synthetic} so that nobody
 * takes them for readings. Named {@code <prefix>-sim-<n>}, each with its own sequence.
 */
final class SyntheticNodes {

    private static final int CORES = 4;

    private final String[] names;
    private final long[] seq;

    SyntheticNodes(String prefix, int nodes) {
        this.names = new String[nodes];
        this.seq = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            names[n] = prefix + "-sim-" + n;
        }
    }

    void tick(long now, Consumer<Sample> sink) {
        for (int n = 0; n < names.length; n++) {
            double phase = now / 10_000.0 + n;
            List<Sample.Core> cores = new ArrayList<>(CORES);
            for (int core = 0; core < CORES; core++) {
                double wave = Math.sin(phase + core);
                cores.add(new Sample.Core(core, round(55 + 10 * wave), round(50 + 45 * wave), 2400.0));
            }
            sink.accept(new Sample(names[n], now, ++seq[n], cores, round(60 + 10 * Math.sin(phase)), List.of(),
                    round(1 + Math.abs(Math.sin(phase))), "synthetic", null));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
