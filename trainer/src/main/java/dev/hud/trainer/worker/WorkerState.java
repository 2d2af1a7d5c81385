package dev.hud.trainer.worker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.TrainerConfig;

/** Who this worker is and what it is doing, for heartbeats and events. */
@ApplicationScoped
public class WorkerState {

    record Current(String jobId, String trialId) {
    }

    private final String workerId;
    private final String host;
    private final String device;
    private final long startedAt = System.currentTimeMillis();
    private final AtomicReference<Current> current = new AtomicReference<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    WorkerState(TrainerConfig config) {
        this.host = hostName();
        this.workerId = config.workerId().orElse(host + "-" + ManagementFactory.getRuntimeMXBean().getPid());
        this.device = Nd4jRuntime.device();
    }

    public String workerId() {
        return workerId;
    }

    public String host() {
        return host;
    }

    public String device() {
        return device;
    }

    public long startedAt() {
        return startedAt;
    }

    void working(String jobId, String trialId) {
        current.set(new Current(jobId, trialId));
    }

    void idle() {
        current.set(null);
    }

    Current current() {
        return current.get();
    }

    void countCompleted() {
        completed.incrementAndGet();
    }

    void countFailed() {
        failed.incrementAndGet();
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
