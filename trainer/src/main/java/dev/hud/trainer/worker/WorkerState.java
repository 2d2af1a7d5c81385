package dev.hud.trainer.worker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.hud.trainer.Nd4jRuntime;
import dev.hud.trainer.TrainerConfig;

/** Who this worker is and what it is doing, for heartbeats and events. */
@ApplicationScoped
public class WorkerState {

    /** The work in hand: the first job and trial (what older monitors read), and every trial of the batch. */
    record Current(String jobId, String trialId, List<String> trials) {
    }

    private final String workerId;
    private final String host;
    private final String device;
    private final long startedAt = System.currentTimeMillis();
    private final AtomicReference<Current> current = new AtomicReference<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Event<Current> taken;

    WorkerState(TrainerConfig config, Event<Current> taken) {
        this.taken = taken;
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
        take(new Current(jobId, trialId, trialId == null ? List.of() : List.of(trialId)));
    }

    /** A batch: trial ids are {@code <jobId>/<index>}. */
    void working(List<String> trialIds) {
        String first = trialIds.get(0);
        take(new Current(first.substring(0, first.lastIndexOf('/')), first, List.copyOf(trialIds)));
    }

    /** Said at once (a heartbeat, {@link Heartbeats}): the gateway shows the job as started when a trainer takes it. */
    private void take(Current work) {
        current.set(work);
        taken.fire(work);
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
