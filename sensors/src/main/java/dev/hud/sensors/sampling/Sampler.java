package dev.hud.sensors.sampling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hud.sensors.node.NodeIdentity;
import dev.hud.sensors.node.SensorsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Samples this node every interval on a thread of its own (never an HTTP I/O thread) and hands each sample to its
 * sink, which must not block: an agent's publisher, or (role all) the live stream and the store. Started by {@link
 * dev.hud.sensors.fleet.Roles}, only in the roles that sample. For the fleet bench it samples simulated nodes instead
 * ({@link SyntheticNodes}), through the same sink.
 */
@ApplicationScoped
public class Sampler {

    private static final Logger LOG = Logger.getLogger(Sampler.class);

    private final SensorsConfig config;
    private final NodeIdentity node;
    private Consumer<Sample> sink;
    private SyntheticNodes simulated;
    private final Timer cost;
    private final Counter cpuSeconds;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private ScheduledExecutorService thread;
    private ThermalSensors thermal;
    private CpuProbe cpu;
    private long seq;

    Sampler(SensorsConfig config, NodeIdentity node, MeterRegistry registry) {
        this.config = config;
        this.node = node;
        this.cost = Timer.builder("hud.sensors.sample.duration").description("time to take one sample")
                .register(registry);
        this.cpuSeconds = Counter.builder("hud.sensors.sample.cpu").baseUnit("seconds")
                .description("CPU time the sampling thread spent taking samples").register(registry);
    }

    public void start(Consumer<Sample> sink) {
        this.sink = sink;
        if (config.simulatedNodes() > 0) {
            simulated = new SyntheticNodes(node.name(), config.simulatedNodes());
            LOG.infof("Sampling %d simulated nodes every %d ms (a bench: no real readings)", config.simulatedNodes(),
                    config.interval().toMillis());
        } else {
            thermal = ThermalSensors.discover(config.sysRoot());
            cpu = new CpuProbe(config.sysRoot(), config.procRoot());
            LOG.infof("Sampling node %s every %d ms: %d logical cores, temperatures from %s", node.name(),
                    config.interval().toMillis(),
                    cpu.logicalCores(),
                    thermal.source() == null ? "nowhere (" + thermal.read().reason() + ")" : thermal.source());
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var sampler = new Thread(runnable, "sensors-sampler");
            sampler.setDaemon(true);
            return sampler;
        });
        thread.scheduleAtFixedRate(this::tick, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void tick() {
        try {
            if (simulated != null) {
                simulated.tick(System.currentTimeMillis(), sink);
                return;
            }
            long cpuBefore = threads.getCurrentThreadCpuTime();
            Sample sample = cost.record(this::take);
            cpuSeconds.increment((threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9);
            sink.accept(sample);
        } catch (RuntimeException e) {
            // One bad tick must not end sampling (a scheduled task that throws is never run again).
            LOG.warnf(e, "sample failed");
        }
    }

    Sample take() {
        long now = System.currentTimeMillis();
        var temperatures = thermal.read();
        double[] utilization = cpu.utilization();
        Double[] frequency = cpu.frequencyMhz();
        List<Sample.Core> cores = new ArrayList<>(utilization.length);
        for (int core = 0; core < utilization.length; core++) {
            cores.add(new Sample.Core(core, temperatures.byLogicalCpu().get(core), round(utilization[core]),
                    core < frequency.length ? frequency[core] : null));
        }
        return new Sample(node.name(), now, ++seq, cores, temperatures.packageC(), temperatures.ccdC(), cpu.load1(),
                temperatures.source(), temperatures.reason());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
