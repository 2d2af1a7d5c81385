package dev.hud.gateway.jobs.orchestration;

import jakarta.persistence.LockModeType;

import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.TrainingJob;

/** Changes to one job (and its trials) are serialized on the job's row, across replicas. */
final class JobLocks {

    private JobLocks() {
    }

    /** The job, locked until the transaction ends; 404 when there is none. */
    static TrainingJob lock(String jobId) {
        TrainingJob job = TrainingJob.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw ProblemException.notFound("no job " + jobId);
        }
        return job;
    }
}
