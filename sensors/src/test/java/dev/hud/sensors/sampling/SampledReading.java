package dev.hud.sensors.sampling;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the sampler's classes read under a sysfs and a procfs root, as one line: run in a JVM of its own per root, since
 * OSHI keeps its roots in constants. Arguments: the sysfs root, the procfs root.
 */
public final class SampledReading {

    private SampledReading() {
    }

    public static void main(String[] args) {
        Path sys = Path.of(args[0]);
        Path proc = Path.of(args[1]);
        var cpu = new CpuProbe(sys, Optional.of(proc));
        var temperatures = ThermalSensors.discover(sys).read();
        String ticks = Arrays.stream(cpu.ticks()).map(core -> String.valueOf(Arrays.stream(core).sum()))
                .collect(Collectors.joining(","));
        System.out.println("reading cores=" + cpu.logicalCores() + " ticks=" + ticks + " load1=" + cpu.load1()
                + " mhz=" + Arrays.toString(cpu.frequencyMhz()) + " temperatures=" + temperatures.source() + " "
                + temperatures.packageC() + " " + temperatures.byLogicalCpu() + " " + temperatures.ccdC());
    }
}
