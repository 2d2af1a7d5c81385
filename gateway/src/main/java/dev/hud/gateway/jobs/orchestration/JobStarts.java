package dev.hud.gateway.jobs.orchestration;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import dev.hud.common.messages.TrainingEvents.Heartbeat;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A queued job becomes running, with its {@code startedAt}, when a trainer says it took one of the job's trials:
 * trainers send a heartbeat the moment they take work. Every replica hears every heartbeat; the conditional update lets
 * one of them change the job, and that one tells the others ({@link JobService#changed}).
 */
@ApplicationScoped
class JobStarts {

    private final JobService jobs;

    JobStarts(JobService jobs) {
        this.jobs = jobs;
    }

    void onHeartbeat(@ObservesAsync Heartbeat beat) {
        for (String jobId : jobsOf(beat.currentTrials() == null ? List.of() : beat.currentTrials())) {
            int started = QuarkusTransaction.requiringNew().call(() -> TrainingJob.update(
                    "status = ?1, startedAt = ?2 where id = ?3 and status = ?4", JobStatus.RUNNING,
                    OffsetDateTime.now(), jobId,
                    JobStatus.QUEUED));
            if (started > 0) {
                jobs.changed(jobId);
            }
        }
    }

    /** Trial ids are {@code <jobId>/<index>} (or {@code <jobId>/refit}). */
    private static Set<String> jobsOf(List<String> trialIds) {
        var jobIds = new LinkedHashSet<String>();
        for (String trialId : trialIds) {
            int slash = trialId.lastIndexOf('/');
            if (slash > 0) {
                jobIds.add(trialId.substring(0, slash));
            }
        }
        return jobIds;
    }
}
