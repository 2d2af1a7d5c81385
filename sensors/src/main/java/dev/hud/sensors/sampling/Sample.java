package dev.hud.sensors.sampling;

import java.util.List;

/**
 * One tick of one node. Temperatures are null where the host has no sensor for them (most virtual
 * machines): {@code temperatureReason} says why. Never invented, unless {@code temperatureSource}
 * is "synthetic" (demos only, switched on explicitly).
 *
 * @param timestamp  epoch milliseconds
 * @param seq        this node's sample number, from 1 at the sampler's start
 * @param ccdTemperaturesC  per core complex, on AMD hosts (empty elsewhere)
 * @param load1      the one-minute load average
 */
public record Sample(String node, long timestamp, long seq, List<Core> cores, Double packageTemperatureC,
        List<Double> ccdTemperaturesC, Double load1, String temperatureSource, String temperatureReason) {

    /** One logical core: its temperature (that of its physical core), utilisation and current frequency. */
    public record Core(int core, Double temperatureC, double utilizationPct, Double frequencyMhz) {
    }
}
