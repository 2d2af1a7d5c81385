package dev.hud.sensors.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel's CPU temperature files under a sysfs root ({@code /sys} on a host, {@code /host/sys}
 * in a pod), found once and then read at every tick.
 *
 * <ul>
 * <li>Intel {@code coretemp}: "Package id P" and "Core C" labels; a logical CPU gets the temperature
 * of its physical core (topology/physical_package_id and core_id).</li>
 * <li>AMD {@code k10temp}: Tctl (or Tdie) for the package and Tccd<i>n</i> per core complex; no
 * per-core values, said so in the reason.</li>
 * <li>Otherwise a CPU thermal zone ({@code x86_pkg_temp}, {@code cpu-thermal}, ...) for the package.</li>
 * <li>Nothing: every temperature is null, with the reason.</li>
 * </ul>
 */
public final class ThermalSensors {

    /** Temperatures of one tick: per logical CPU (absent = unknown), package, and the why of what is missing. */
    public record Reading(Map<Integer, Double> byLogicalCpu, Double packageC, List<Double> ccdC, String source,
            String reason) {
    }

    private static final Pattern CORE = Pattern.compile("Core (\\d+)");
    private static final Pattern PACKAGE = Pattern.compile("Package id (\\d+)");
    private static final Pattern CCD = Pattern.compile("Tccd(\\d+)");
    private static final List<String> CPU_ZONES = List.of("x86_pkg_temp", "cpu-thermal", "cpu_thermal", "soc_thermal",
            "cpu0-thermal");

    private final String source;
    private final String reason;
    private final Map<Integer, Path> byLogicalCpu;
    private final Path packageFile;
    private final List<Path> ccdFiles;

    private ThermalSensors(String source, String reason, Map<Integer, Path> byLogicalCpu, Path packageFile,
            List<Path> ccdFiles) {
        this.source = source;
        this.reason = reason;
        this.byLogicalCpu = byLogicalCpu;
        this.packageFile = packageFile;
        this.ccdFiles = ccdFiles;
    }

    public static ThermalSensors discover(Path sysRoot) {
        Map<String, Path> packages = new HashMap<>();
        Map<String, Path> cores = new HashMap<>();
        Path amdPackage = null;
        Map<Integer, Path> ccds = new TreeMap<>();
        for (Path hwmon : list(sysRoot.resolve("class/hwmon"))) {
            String name = read(hwmon.resolve("name"));
            if ("coretemp".equals(name)) {
                Map<String, Path> labelled = labels(hwmon);
                String packageId = labelled.keySet().stream().map(PACKAGE::matcher).filter(Matcher::matches)
                        .map(m -> m.group(1)).findFirst().orElse("0");
                labelled.forEach((label, file) -> {
                    Matcher core = CORE.matcher(label);
                    if (core.matches()) {
                        cores.put(packageId + ":" + core.group(1), file);
                    } else if (PACKAGE.matcher(label).matches()) {
                        packages.put(packageId, file);
                    }
                });
            } else if ("k10temp".equals(name) || "zenpower".equals(name)) {
                for (var entry : labels(hwmon).entrySet()) {
                    Matcher ccd = CCD.matcher(entry.getKey());
                    if (ccd.matches()) {
                        ccds.put(Integer.parseInt(ccd.group(1)), entry.getValue());
                    } else if (entry.getKey().equals("Tdie") || (entry.getKey().equals("Tctl") && amdPackage == null)) {
                        amdPackage = entry.getValue();
                    }
                }
            }
        }
        if (!cores.isEmpty()) {
            Map<Integer, Path> byCpu = new TreeMap<>();
            for (Path cpu : list(sysRoot.resolve("devices/system/cpu"))) {
                String cpuName = cpu.getFileName().toString();
                if (!cpuName.matches("cpu\\d+")) {
                    continue;
                }
                String packageId = read(cpu.resolve("topology/physical_package_id"));
                String coreId = read(cpu.resolve("topology/core_id"));
                Path file = cores.get((packageId == null ? "0" : packageId) + ":" + coreId);
                if (file != null) {
                    byCpu.put(Integer.parseInt(cpuName.substring(3)), file);
                }
            }
            return new ThermalSensors("coretemp",
                    byCpu.isEmpty() ? "coretemp found but no CPU topology to map its cores" : null,
                    byCpu, packages.getOrDefault("0", packages.values().stream().findFirst().orElse(null)), List.of());
        }
        if (amdPackage != null || !ccds.isEmpty()) {
            return new ThermalSensors("k10temp",
                    "AMD k10temp reports the package (Tctl) and each core complex (Tccd), not each core",
                    Map.of(), amdPackage, List.copyOf(ccds.values()));
        }
        for (Path zone : list(sysRoot.resolve("class/thermal"))) {
            // A zone whose type cannot be read (a link into a /sys/devices that is not there) is no CPU zone.
            String type = read(zone.resolve("type"));
            if (zone.getFileName().toString().startsWith("thermal_zone") && type != null && CPU_ZONES.contains(type)) {
                return new ThermalSensors("thermal_zone", "only a CPU thermal zone: one temperature for the package",
                        Map.of(),
                        zone.resolve("temp"), List.of());
            }
        }
        return new ThermalSensors(null, "no CPU temperature sensor under " + sysRoot + " (usual on virtual machines)",
                Map.of(), null,
                List.of());
    }

    public Reading read() {
        Map<Integer, Double> values = new HashMap<>();
        byLogicalCpu.forEach((cpu, file) -> {
            Double celsius = celsius(file);
            if (celsius != null) {
                values.put(cpu, celsius);
            }
        });
        List<Double> ccd = new ArrayList<>();
        for (Path file : ccdFiles) {
            ccd.add(celsius(file));
        }
        return new Reading(values, packageFile == null ? null : celsius(packageFile), ccd, source, reason);
    }

    public String source() {
        return source;
    }

    /** hwmon and thermal files hold millidegrees Celsius. */
    private static Double celsius(Path file) {
        String value = read(file);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value) / 1000.0;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** label text -> its temp*_input file, for every temp*_label of a hwmon folder. */
    private static Map<String, Path> labels(Path hwmon) {
        Map<String, Path> labelled = new HashMap<>();
        for (Path file : list(hwmon)) {
            String name = file.getFileName().toString();
            if (name.matches("temp\\d+_label")) {
                String label = read(file);
                Path input = hwmon.resolve(name.replace("_label", "_input"));
                if (label != null && Files.isRegularFile(input)) {
                    labelled.put(label, input);
                }
            }
        }
        return labelled;
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
