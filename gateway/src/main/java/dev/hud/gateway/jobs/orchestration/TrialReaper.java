package dev.hud.gateway.jobs.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.api.JobViews;
import dev.hud.gateway.jobs.messaging.WorkDispatcher;
import dev.hud.gateway.monitor.WorkerRegistry;
import dev.hud.gateway.monitor.WorkerStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Re-queues the trial (or refit) a worker was on when it stopped heart-beating without saying
 * goodbye. A worker killed outright loses its broker connection and the broker delivers its message
 * again by itself; this covers the worker that hangs with its connection open, whose message the
 * broker would hold for a long time. A trial another live worker reports as its own is left alone;
 * each trial is re-queued once per gone worker. Should the hung worker wake up, its result is
 * counted once like any duplicate.
 */
@ApplicationScoped
public class TrialReaper {

    private final WorkerRegistry workers;
    private final WorkDispatcher dispatcher;
    private final JobViews views;

    TrialReaper(WorkerRegistry workers, WorkDispatcher dispatcher, JobViews views) {
        this.workers = workers;
        this.dispatcher = dispatcher;
        this.views = views;
    }

    /** @return what it did, for the run's record */
    public String reap() {
        List<WorkerRegistry.Worker> all = workers.workers();
        Set<String> heldByLiving = all.stream().filter(worker -> worker.status() == WorkerStatus.ALIVE)
                .flatMap(worker -> worker.currentTrials().stream()).collect(Collectors.toSet());
        var requeued = new ArrayList<String>();
        for (var worker : all) {
            if (worker.status() != WorkerStatus.GONE) {
                continue;
            }
            // A trainer works on a batch of trials, of one job or of several: each is re-queued on its own.
            for (String trialId : worker.currentTrials()) {
                int slash = trialId.lastIndexOf('/');
                if (slash < 1 || heldByLiving.contains(trialId)) {
                    continue;
                }
                String jobId = trialId.substring(0, slash);
                boolean again = QuarkusTransaction.requiringNew()
                        .call(() -> requeue(jobId, trialId, worker.workerId(), worker.lastSeen()));
                if (again) {
                    views.forget(jobId);
                    dispatcher.sendDue(jobId);
                    requeued.add(trialId + " (from " + worker.workerId() + ")");
                }
            }
        }
        return requeued.isEmpty() ? "nothing to re-queue" : "re-queued " + String.join(", ", requeued);
    }

    private boolean requeue(String jobId, String trialId, String workerId, long lastSeen) {
        TrainingJob job = TrainingJob.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.finished()) {
            return false;
        }
        if (trialId.equals(jobId + "/refit")) {
            // Sent again after the worker was last heard of: re-queued already.
            if (job.status != JobStatus.REFITTING || job.refitSentAt == null
                    || job.refitSentAt.toInstant().toEpochMilli() > lastSeen) {
                return false;
            }
            job.refitSentAt = null;
            return true;
        }
        int idx;
        try {
            idx = Integer.parseInt(trialId.substring(jobId.length() + 1));
        } catch (RuntimeException e) {
            return false;
        }
        Trial trial = Trial.findById(new Trial.Key(jobId, idx));
        if (trial == null || trial.finished() || workerId.equals(trial.reapedFrom)) {
            return false;
        }
        trial.reapedFrom = workerId;
        trial.sentAt = null;
        return true;
    }
}
