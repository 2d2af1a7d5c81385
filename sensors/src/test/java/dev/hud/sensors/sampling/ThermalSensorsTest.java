package dev.hud.sensors.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sysfs trees shaped like real hosts': an Intel 4-core with hyper-threading, an AMD Zen, a thermal zone, nothing. */
class ThermalSensorsTest {

    @TempDir
    Path sys;

    private void write(String path, String content) throws IOException {
        Path file = sys.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n");
    }

    private void cpu(int cpu, int core, int socket) throws IOException {
        write("devices/system/cpu/cpu" + cpu + "/topology/core_id", String.valueOf(core));
        write("devices/system/cpu/cpu" + cpu + "/topology/physical_package_id", String.valueOf(socket));
    }

    @Test
    void intelCoretempGivesEachLogicalCpuItsPhysicalCoresTemperature() throws IOException {
        write("class/hwmon/hwmon0/name", "acpitz");
        write("class/hwmon/hwmon0/temp1_input", "27800");
        write("class/hwmon/hwmon1/name", "coretemp");
        write("class/hwmon/hwmon1/temp1_label", "Package id 0");
        write("class/hwmon/hwmon1/temp1_input", "58000");
        for (int core = 0; core < 4; core++) {
            write("class/hwmon/hwmon1/temp" + (core + 2) + "_label", "Core " + core);
            write("class/hwmon/hwmon1/temp" + (core + 2) + "_input", String.valueOf(50000 + core * 1500));
        }
        for (int cpu = 0; cpu < 8; cpu++) {
            cpu(cpu, cpu % 4, 0); // cpu4..7 are the hyper-threads of cores 0..3
        }
        write("devices/system/cpu/online", "0-7");

        var reading = ThermalSensors.discover(sys).read();

        assertEquals("coretemp", reading.source());
        assertNull(reading.reason());
        assertEquals(58.0, reading.packageC());
        assertEquals(8, reading.byLogicalCpu().size());
        assertEquals(50.0, reading.byLogicalCpu().get(0));
        assertEquals(51.5, reading.byLogicalCpu().get(1));
        assertEquals(51.5, reading.byLogicalCpu().get(5), "a hyper-thread reads its core's sensor");
        assertEquals(54.5, reading.byLogicalCpu().get(7));

        write("class/hwmon/hwmon1/temp3_input", "61250");
        assertEquals(61.25, ThermalSensors.discover(sys).read().byLogicalCpu().get(1), "read anew at every tick");
    }

    @Test
    void amdK10tempGivesThePackageAndEachCoreComplex() throws IOException {
        write("class/hwmon/hwmon2/name", "k10temp");
        write("class/hwmon/hwmon2/temp1_label", "Tctl");
        write("class/hwmon/hwmon2/temp1_input", "61500");
        write("class/hwmon/hwmon2/temp3_label", "Tccd1");
        write("class/hwmon/hwmon2/temp3_input", "58250");
        write("class/hwmon/hwmon2/temp4_label", "Tccd2");
        write("class/hwmon/hwmon2/temp4_input", "60000");
        cpu(0, 0, 0);

        var reading = ThermalSensors.discover(sys).read();

        assertEquals("k10temp", reading.source());
        assertEquals(61.5, reading.packageC());
        assertEquals(List.of(58.25, 60.0), reading.ccdC());
        assertTrue(reading.byLogicalCpu().isEmpty(), "k10temp has no per-core sensors: none are invented");
        assertTrue(reading.reason().contains("not each core"), reading.reason());
    }

    @Test
    void aCpuThermalZoneIsTheFallback() throws IOException {
        write("class/thermal/thermal_zone0/type", "acpitz");
        write("class/thermal/thermal_zone0/temp", "30000");
        write("class/thermal/thermal_zone1/type", "x86_pkg_temp");
        write("class/thermal/thermal_zone1/temp", "47000");

        var reading = ThermalSensors.discover(sys).read();

        assertEquals("thermal_zone", reading.source());
        assertEquals(47.0, reading.packageC());
        assertTrue(reading.byLogicalCpu().isEmpty());
    }

    @Test
    void noSensorsMeansNullsAndTheReason() {
        var reading = ThermalSensors.discover(sys).read();
        assertNull(reading.source());
        assertNull(reading.packageC());
        assertTrue(reading.byLogicalCpu().isEmpty());
        assertTrue(reading.reason().startsWith("no CPU temperature sensor under " + sys), reading.reason());
    }

    /** class/thermal's links point into devices/: where that is not there (not mounted), no zone, and no crash. */
    @Test
    void aZoneLinkingNowhereIsNoZone() throws IOException {
        Files.createDirectories(sys.resolve("class/thermal"));
        Files.createSymbolicLink(sys.resolve("class/thermal/thermal_zone0"),
                Path.of("../../devices/virtual/thermal/thermal_zone0"));
        var reading = ThermalSensors.discover(sys).read();
        assertNull(reading.source());
        assertNull(reading.packageC());
    }
}
