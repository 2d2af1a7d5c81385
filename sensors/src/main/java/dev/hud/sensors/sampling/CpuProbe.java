package dev.hud.sensors.sampling;

import java.nio.file.Path;
import java.util.Optional;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.util.GlobalConfig;

/** Per logical core utilisation and frequency, and the load average, from OSHI. */
final class CpuProbe {

    private final CentralProcessor processor;
    private long[][] previousTicks;

    CpuProbe(Optional<Path> procRoot) {
        // In a pod the node's /proc is mounted elsewhere; OSHI reads its files from this root.
        procRoot.ifPresent(root -> GlobalConfig.set("oshi.util.proc.path", root.toString()));
        this.processor = new SystemInfo().getHardware().getProcessor();
        this.previousTicks = processor.getProcessorCpuLoadTicks();
    }

    int logicalCores() {
        return processor.getLogicalProcessorCount();
    }

    /** Utilisation per logical core since the previous call, in percent. */
    double[] utilization() {
        double[] load = processor.getProcessorCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getProcessorCpuLoadTicks();
        for (int i = 0; i < load.length; i++) {
            load[i] = Math.max(0, load[i]) * 100;
        }
        return load;
    }

    /** Current frequency per logical core in MHz; null entries where the kernel does not tell. */
    Double[] frequencyMhz() {
        long[] hertz = processor.getCurrentFreq();
        Double[] mhz = new Double[hertz.length];
        for (int i = 0; i < hertz.length; i++) {
            mhz[i] = hertz[i] > 0 ? hertz[i] / 1e6 : null;
        }
        return mhz;
    }

    Double load1() {
        double load = processor.getSystemLoadAverage(1)[0];
        return load < 0 ? null : load;
    }
}
