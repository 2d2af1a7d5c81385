package dev.hud.gateway.jobs.orchestration;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.CellColumns;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.TrialStatus;
import dev.hud.gateway.jobs.api.JobViews;
import dev.hud.gateway.jobs.messaging.JobNews;
import dev.hud.gateway.jobs.messaging.WorkDispatcher;
import dev.hud.gateway.jobs.messaging.WorkPublisher;
import dev.hud.gateway.quotas.Quotas;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What people do with jobs: submit, cancel, retry. Each change is committed before any message
 * about it is sent (the outbox in {@link WorkDispatcher}), and the job's cached view is dropped after.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final WorkDispatcher dispatcher;
    private final WorkPublisher publisher;
    private final JobViews views;
    private final JobNews news;
    private final Quotas quotas;

    JobService(WorkDispatcher dispatcher, WorkPublisher publisher, JobViews views, JobNews news, Quotas quotas) {
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.views = views;
        this.news = news;
        this.quotas = quotas;
    }

    /** Stores the job and its trials, then sends them (what the broker does not confirm in time is sent later). */
    public String submit(JobPlan plan, long ownerId, String purpose) {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            if (TrainingJob.USER.equals(purpose)) {
                quotas.admit(ownerId, plan.fitEpochs()); // scheduled retrains are the system's own work
            }
            store(id, plan, ownerId, purpose);
        });
        dispatcher.sendDue(id);
        return id;
    }

    /** The queued job and its trials; must run in a transaction. */
    static void store(String id, JobPlan plan, long ownerId, String purpose) {
        var job = new TrainingJob();
        job.id = id;
        job.ownerId = ownerId;
        job.name = plan.name();
        job.purpose = purpose;
        job.status = JobStatus.QUEUED;
        job.deviceKind = plan.device();
        job.request = plan.request();
        job.search = plan.search();
        job.trialsTotal = plan.cells().size();
        job.fitEpochs = plan.fitEpochs();
        job.createdAt = OffsetDateTime.now();
        job.persist();
        for (int i = 0; i < plan.cells().size(); i++) {
            var trial = new Trial();
            trial.jobId = id;
            trial.idx = i;
            trial.hyperparameters = CellColumns.of(plan.cells().get(i));
            trial.persist();
        }
    }

    /** Stops a job that has not finished: its waiting trials are dropped, running ones stop at their next epoch. */
    public void cancel(String jobId, String by) {
        QuarkusTransaction.requiringNew().run(() -> {
            TrainingJob job = JobLocks.lock(jobId);
            if (job.finished()) {
                throw new ProblemException(Problem.of(409, "Conflict", "job " + jobId + " has already " + job.status));
            }
            job.status = JobStatus.CANCELLED;
            job.error = "cancelled by " + by;
            job.finishedAt = OffsetDateTime.now();
            Trial.update("status = ?1, finishedAt = ?2 where jobId = ?3 and status = ?4", TrialStatus.CANCELLED,
                    job.finishedAt, jobId,
                    TrialStatus.QUEUED);
        });
        changed(jobId);
        publisher.cancel(jobId).exceptionally(failure -> {
            // Trainers drop work of a cancelled job's trials when its events arrive; the gateway ignores them too.
            LOG.warnf("cancellation of %s not confirmed by the broker: %s", jobId, failure.getMessage());
            return null;
        });
    }

    /** Sends a failed job's failed trials (or its failed refit) again. */
    public void retry(String jobId) {
        QuarkusTransaction.requiringNew().run(() -> {
            TrainingJob job = JobLocks.lock(jobId);
            if (job.status != JobStatus.FAILED) {
                throw new ProblemException(Problem.of(409, "Conflict",
                        "only a failed job can be retried; job " + jobId + " is " + job.status));
            }
            int again = Trial.update(
                    "status = ?1, sentAt = null, failure = null, finishedAt = null where jobId = ?2 and status = ?3",
                    TrialStatus.QUEUED, jobId, TrialStatus.FAILED);
            job.error = null;
            job.finishedAt = null;
            if (again > 0) {
                job.status = JobStatus.RUNNING;
            } else {
                job.status = JobStatus.REFITTING; // every trial succeeded: the refit failed
                job.refitSentAt = null;
            }
        });
        changed(jobId);
        dispatcher.sendDue(jobId);
    }

    /** After a committed change: this replica's cached view goes, every replica hears of it. */
    public void changed(String jobId) {
        views.forget(jobId);
        news.statusChanged(jobId);
    }

    /** The caller's user id (tokens name the user; ids are what jobs store). */
    public static long userId(String username) {
        return User.findByUsername(username).map(user -> user.id)
                .orElseThrow(() -> new ProblemException(Problem.of(401, "Unauthorized", "unknown user " + username)));
    }
}
