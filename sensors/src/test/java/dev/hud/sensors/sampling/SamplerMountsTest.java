package dev.hud.sensors.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The sensors' agent DaemonSet (the only role that samples a node in a cluster) mounts only what the sampler reads: its
 * hostPaths, as rendered in {@code k8s/hud.yaml} (equal to the chart's render, RenderedManifestsTest), mounted into an
 * empty root as the kubelet would (each at its mountPath, a directory with its links as they are, so
 * {@code class/hwmon/hwmon5 -> ../../devices/...} resolves in the mounted {@code devices} or nowhere), give the real
 * sampler classes the same reading as the whole host; and without any one of them the reading is not the same.
 *
 * <p>
 * The host: this machine's /sys (its CPU files copied, the rest linked) and /proc (stat, cpuinfo and loadavg copied,
 * so that every reading sees the same instant). This machine may be a virtual machine without any hwmon or thermal
 * zone (the CI's has none): then a coretemp hwmon and an x86_pkg_temp thermal zone are added where the kernel puts
 * them ({@code devices/platform/coretemp.0/hwmon/hwmonN}, {@code devices/virtual/thermal/thermal_zoneN}, linked from
 * {@code class/}), with a core for each of this machine's cores.
 */
class SamplerMountsTest {

    static final Path RENDERED = Path.of("..", "k8s", "hud.yaml").toAbsolutePath().normalize();
    static final String AGENTS = "hud-sensors-agent";

    static Path work;
    static Path host;
    static JsonNode daemonSet;
    static Map<String, String> hostPaths; // mountPath -> hostPath
    static boolean fabricated;

    @BeforeAll
    static void host() throws IOException {
        work = Files.createTempDirectory("sampler-mounts");
        daemonSet = renderedDaemonSet();
        hostPaths = new LinkedHashMap<>();
        JsonNode container = daemonSet.at("/spec/template/spec/containers/0");
        for (JsonNode volume : daemonSet.at("/spec/template/spec/volumes")) {
            if (volume.has("hostPath")) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (mount.path("name").asText().equals(volume.path("name").asText())) {
                        hostPaths.put(mount.path("mountPath").asText(), volume.at("/hostPath/path").asText());
                    }
                }
            }
        }
        host = work.resolve("host");
        Path proc = Files.createDirectories(host.resolve("proc"));
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (List.of("stat", "cpuinfo", "loadavg").contains(name)) {
                    Files.write(proc.resolve(name), Files.readAllBytes(entry));
                } else if (!name.matches("\\d+")) {
                    Files.createSymbolicLink(proc.resolve(name), entry);
                }
            }
        }
        Path sys = host.resolve("sys");
        mirror(Path.of("/sys"), sys, file -> file.startsWith("/sys/devices/system/cpu"));
        fabricated = !hasEntries(sys.resolve("class/hwmon")) && !hasEntries(sys.resolve("class/thermal"));
        if (fabricated) {
            fabricateSensors(sys);
        }
    }

    /** Deleted here, not by JUnit's TempDir, which warns of every link out of it (thousands into /sys). */
    @AfterAll
    static void delete() throws IOException {
        Files.walkFileTree(work, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The DaemonSet's hostPaths, each mounted read-only at /host plus its path, the sampler's roots under /host. */
    @Test
    void theDaemonSetMountsItsHostPathsReadOnlyUnderTheSamplersRoots() {
        JsonNode container = daemonSet.at("/spec/template/spec/containers/0");
        assertTrue(hostPaths.size() > 0, "hostPaths in " + RENDERED);
        hostPaths.forEach((mountPath, path) -> assertEquals("/host" + path, mountPath));
        for (JsonNode mount : container.path("volumeMounts")) {
            if (hostPaths.containsKey(mount.path("mountPath").asText())) {
                assertTrue(mount.path("readOnly").asBoolean(), mount.toString());
            }
        }
        assertEquals("agent", env(container, "HUD_SENSORS_ROLE"));
        assertEquals("/host/sys", env(container, "HUD_SENSORS_SYS_ROOT"));
        assertEquals("/host/proc", env(container, "HUD_SENSORS_PROC_ROOT"));
    }

    /**
     * The reading on a root of only the mounted paths is the host's; each mount is needed (without it a part of the
     * reading is lost); and /sys/class/hwmon alone, without the devices its links point into, would read nothing.
     */
    @Test
    void theMountedPathsAloneReadWhatTheWholeHostReads() throws Exception {
        var roots = new LinkedHashMap<String, Path>();
        roots.put("host", host);
        roots.put("mounted", mount(work.resolve("mounted"), hostPaths.values()));
        for (String path : hostPaths.values()) {
            var others = new ArrayList<>(hostPaths.values());
            others.remove(path);
            roots.put("without " + path, mount(work.resolve("without" + path.replace('/', '-')), others));
        }
        var readings = readAll(roots);
        String whole = readings.get("host");
        assertTrue(whole.contains("temperatures=coretemp 58.0"), whole);
        assertTrue(!whole.contains("load1=null") && !whole.contains("mhz=[null"), whole);
        assertEquals(whole, readings.get("mounted"), "the pod reads what the node has");
        boolean cpufreq = Files.exists(host.resolve("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq"));
        for (String path : hostPaths.values()) {
            if (!(cpufreq && path.equals("/proc/cpuinfo"))) { // its frequencies are read where cpufreq is absent
                assertNotEquals(whole, readings.get("without " + path), path + " is read");
            }
        }
        // The kernel's layout: class/hwmon's entries are links into devices/ (on this machine, or fabricated so).
        Path hwmon;
        try (Stream<Path> entries = Files.list(host.resolve("sys/class/hwmon"))) {
            hwmon = entries.findFirst().orElseThrow();
        }
        assertTrue(Files.isSymbolicLink(hwmon) && Files.readSymbolicLink(hwmon).toString().startsWith("../../devices/"),
                hwmon.toString());
    }

    /** The cores the sampler finds on the host are this machine's (its /sys and /proc read directly). */
    @Test
    void theHostIsThisMachine() throws Exception {
        var readings = readAll(Map.of("host", host, "machine", Path.of("/")));
        assertEquals(field(readings.get("machine"), "cores"), field(readings.get("host"), "cores"));
    }

    private static String field(String reading, String name) {
        for (String part : reading.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part;
            }
        }
        throw new AssertionError(name + " not in " + reading);
    }

    /** Each root read in a JVM of its own, all at once. */
    private static Map<String, String> readAll(Map<String, Path> roots) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var processes = new LinkedHashMap<String, Process>();
        for (var root : roots.entrySet()) {
            Path sys = root.getValue().resolve(root.getKey().equals("host") || root.getKey().equals("machine") ? "sys"
                    : "host/sys");
            Path proc = sys.resolveSibling("proc");
            processes.put(root.getKey(),
                    new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                            SampledReading.class.getName(), sys.toString(), proc.toString())
                            .redirectErrorStream(true).start());
        }
        var readings = new LinkedHashMap<String, String>();
        for (var process : processes.entrySet()) {
            String output = new String(process.getValue().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // A root the sampler cannot start on reads as its failure (OSHI refuses a sysfs root that is not there).
            String reading = output.lines().filter(line -> line.startsWith("reading ")).findFirst()
                    .orElse("failed: " + output);
            readings.put(process.getKey(), process.getValue().waitFor() == 0 ? reading : "exit " + output);
        }
        return readings;
    }

    /** An empty root with the host's paths mounted as the kubelet would: each hostPath at /host plus its path. */
    private static Path mount(Path root, Iterable<String> paths) throws IOException {
        for (String path : paths) {
            Path source = host.resolve(path.substring(1)).toRealPath();
            Path target = root.resolve("host").resolve(path.substring(1));
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(source)) {
                mirror(source, target, file -> false);
            } else {
                Files.createSymbolicLink(target, source);
            }
        }
        return root;
    }

    /**
     * A bind mount of {@code source} at {@code target}: its folders, its links as they are (relative ones resolve
     * where they are mounted), its files linked (copied where {@code copy} says: a snapshot).
     */
    private static void mirror(Path source, Path target, java.util.function.Predicate<Path> copy) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else if (copy.test(file)) {
                    try {
                        Files.write(to, Files.readAllBytes(file));
                    } catch (IOException e) {
                        // unreadable (write-only, root-only): the sampler cannot read it either
                    }
                } else {
                    Files.createSymbolicLink(to, file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A coretemp hwmon (a package, each core of this machine) and a CPU thermal zone, where the kernel puts them. */
    private static void fabricateSensors(Path sys) throws IOException {
        var cores = new TreeSet<Integer>();
        try (Stream<Path> cpus = Files.list(sys.resolve("devices/system/cpu"))) {
            for (Path cpu : cpus.filter(c -> c.getFileName().toString().matches("cpu\\d+")).toList()) {
                cores.add(Integer.parseInt(Files.readString(cpu.resolve("topology/core_id")).strip()));
            }
        }
        Path device = sys.resolve("devices/platform/coretemp.0");
        Path hwmon = Files.createDirectories(device.resolve("hwmon/hwmon5"));
        write(hwmon.resolve("name"), "coretemp");
        write(hwmon.resolve("temp1_label"), "Package id 0");
        write(hwmon.resolve("temp1_input"), "58000");
        for (int core : cores) {
            write(hwmon.resolve("temp" + (core + 2) + "_label"), "Core " + core);
            write(hwmon.resolve("temp" + (core + 2) + "_input"), String.valueOf(50000 + 1500 * core));
        }
        Files.createSymbolicLink(hwmon.resolve("device"), Path.of("../../../coretemp.0"));
        Files.createSymbolicLink(Files.createDirectories(sys.resolve("class/hwmon")).resolve("hwmon5"),
                Path.of("../../devices/platform/coretemp.0/hwmon/hwmon5"));
        Path zone = Files.createDirectories(sys.resolve("devices/virtual/thermal/thermal_zone0"));
        write(zone.resolve("type"), "x86_pkg_temp");
        write(zone.resolve("temp"), "57000");
        Files.createSymbolicLink(Files.createDirectories(sys.resolve("class/thermal")).resolve("thermal_zone0"),
                Path.of("../../devices/virtual/thermal/thermal_zone0"));
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content + "\n");
    }

    private static boolean hasEntries(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        return null;
    }

    private static JsonNode renderedDaemonSet() throws IOException {
        var yaml = new ObjectMapper(new YAMLFactory());
        try (var documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(RENDERED.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.path("kind").asText().equals("DaemonSet")
                        && document.at("/metadata/name").asText().equals(AGENTS)) {
                    return document;
                }
            }
        }
        throw new AssertionError("no DaemonSet " + AGENTS + " in " + RENDERED);
    }
}
