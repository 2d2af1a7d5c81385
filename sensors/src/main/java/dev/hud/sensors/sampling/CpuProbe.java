package dev.hud.sensors.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.util.GlobalConfig;

/**
 * Per logical core utilisation (OSHI, from {@code <proc>/stat}), frequency and the load average, read under the
 * host's roots: {@code /sys} and {@code /proc} on a host, {@code /host/sys} and {@code /host/proc} in a pod that
 * mounts only the node's files the sampler reads (helm/hud/templates/sensors.yaml).
 *
 * <p>
 * What it reads, and nothing else of the roots: {@code <proc>/stat} (ticks), {@code <proc>/cpuinfo} (the processor,
 * and frequencies where cpufreq is absent), {@code <proc>/loadavg}, and {@code <sys>/devices/system/cpu} (topology,
 * cpufreq). OSHI alone would read the container's own {@code /sys} through libudev and the load through libc's
 * {@code getloadavg} (the container's {@code /proc/loadavg}), whatever its configured paths: so udev is off and the
 * frequency and load are read here, from the roots.
 */
final class CpuProbe {

    private final CentralProcessor processor;
    private final Path sysRoot;
    private final Path procRoot;
    private long[][] previousTicks;

    CpuProbe(Path sysRoot, Optional<Path> procRoot) {
        this.sysRoot = sysRoot;
        this.procRoot = procRoot.orElse(Path.of("/proc"));
        // OSHI reads its files under these roots (set before its first use: it keeps them in constants).
        GlobalConfig.set(GlobalConfig.OSHI_UTIL_SYS_PATH, sysRoot.toString());
        procRoot.ifPresent(root -> GlobalConfig.set(GlobalConfig.OSHI_UTIL_PROC_PATH, root.toString()));
        GlobalConfig.set(GlobalConfig.OSHI_OS_LINUX_ALLOWUDEV, false);
        this.processor = new SystemInfo().getHardware().getProcessor();
        this.previousTicks = processor.getProcessorCpuLoadTicks();
    }

    int logicalCores() {
        return processor.getLogicalProcessorCount();
    }

    /** Each logical core's ticks so far (ms; user, nice, system, idle...), as OSHI reads them from <proc>/stat. */
    long[][] ticks() {
        return processor.getProcessorCpuLoadTicks();
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

    /**
     * Current frequency per logical core in MHz: cpufreq's {@code scaling_cur_freq} (else {@code cpuinfo_cur_freq}),
     * as OSHI reads them, or else {@code cpu MHz} of cpuinfo; null entries where the kernel does not tell.
     */
    Double[] frequencyMhz() {
        Double[] mhz = new Double[logicalCores()];
        boolean any = false;
        for (int cpu = 0; cpu < mhz.length; cpu++) {
            Path cpufreq = sysRoot.resolve("devices/system/cpu/cpu" + cpu + "/cpufreq");
            Long kilohertz = number(cpufreq.resolve("scaling_cur_freq"));
            if (kilohertz == null || kilohertz <= 0) {
                kilohertz = number(cpufreq.resolve("cpuinfo_cur_freq"));
            }
            if (kilohertz != null && kilohertz > 0) {
                mhz[cpu] = kilohertz / 1e3;
                any = true;
            }
        }
        if (any) {
            return mhz;
        }
        int cpu = 0;
        for (String line : lines(procRoot.resolve("cpuinfo"))) {
            if (cpu < mhz.length && line.toLowerCase(Locale.ROOT).startsWith("cpu mhz")) {
                try {
                    double value = Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                    mhz[cpu] = value > 0 ? value : null;
                } catch (NumberFormatException e) {
                    mhz[cpu] = null;
                }
                cpu++;
            }
        }
        return mhz;
    }

    /** The node's one-minute load average ({@code <proc>/loadavg}), null if unreadable. */
    Double load1() {
        List<String> lines = lines(procRoot.resolve("loadavg"));
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(lines.get(0).strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long number(Path file) {
        List<String> lines = lines(file);
        try {
            return lines.isEmpty() ? null : Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
