package dev.hud.gateway.quotas;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.users.User;

/**
 * What a user may submit: jobs active at once, a job's work, and the work of a day (epochs of single fits). Checked
 * when a job is stored, in its transaction, with the user's row locked: two submissions at once cannot both take the
 * last place. Over a limit is 429 with a problem body naming it.
 */
@ApplicationScoped
public class Quotas {

    /** A user's limits and what they use now. */
    public record View(int activeJobs, long fitEpochsPerJob, long fitEpochsPerDay, long activeJobsNow,
            long fitEpochsToday) {
    }

    /** What an admin sets; a null limit is the default. */
    public record Limits(Integer activeJobs, Long fitEpochsPerJob, Long fitEpochsPerDay) {
    }

    static final long MAX_LIMIT = 1_000_000_000L;

    private final QuotaConfig defaults;

    Quotas(QuotaConfig defaults) {
        this.defaults = defaults;
    }

    /**
     * Must run in the transaction that stores the job: refuses it (429) when it would go over one of the owner's
     * limits.
     */
    public void admit(long ownerId, long fitEpochs) {
        User.findById(ownerId, LockModeType.PESSIMISTIC_WRITE);
        View quota = of(ownerId);
        if (quota.activeJobsNow() >= quota.activeJobs()) {
            throw over("you have " + quota.activeJobsNow() + " jobs queued or running; at most " + quota.activeJobs()
                    + ": wait for one to finish, or cancel one");
        }
        if (fitEpochs > quota.fitEpochsPerJob()) {
            throw over("this job is " + fitEpochs + " epochs of training (cells x folds x repeats x epochs); at most "
                    + quota.fitEpochsPerJob() + " per job for you");
        }
        if (quota.fitEpochsToday() + fitEpochs > quota.fitEpochsPerDay()) {
            throw over("your jobs of the last 24 hours are " + quota.fitEpochsToday() + " epochs of training, this one "
                    + fitEpochs + "; at most " + quota.fitEpochsPerDay() + " a day for you");
        }
    }

    /** Must run in a transaction. */
    public View of(long userId) {
        UserQuota own = UserQuota.findById(userId);
        long active = TrainingJob.count("ownerId = ?1 and status in ?2", userId, JobStatus.ACTIVE);
        Long today = TrainingJob.getEntityManager()
                .createQuery(
                        "select coalesce(sum(j.fitEpochs), 0) from TrainingJob j where j.ownerId = :owner"
                                + " and j.createdAt > :since",
                        Long.class)
                .setParameter("owner", userId).setParameter("since", OffsetDateTime.now().minusDays(1))
                .getSingleResult();
        return new View(own != null && own.activeJobs != null ? own.activeJobs : defaults.activeJobs(),
                own != null && own.fitEpochsPerJob != null ? own.fitEpochsPerJob : defaults.fitEpochsPerJob(),
                own != null && own.fitEpochsPerDay != null ? own.fitEpochsPerDay : defaults.fitEpochsPerDay(), active,
                today);
    }

    /** Must run in a transaction. */
    public View set(long userId, Limits limits) {
        if (User.findById(userId) == null) {
            throw ProblemException.notFound("no user " + userId);
        }
        List<FieldError> errors = new ArrayList<>();
        check(errors, "activeJobs", limits.activeJobs());
        check(errors, "fitEpochsPerJob", limits.fitEpochsPerJob());
        check(errors, "fitEpochsPerDay", limits.fitEpochsPerDay());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        UserQuota own = UserQuota.findById(userId);
        if (own == null) {
            own = new UserQuota();
            own.userId = userId;
            own.persist();
        }
        own.activeJobs = limits.activeJobs();
        own.fitEpochsPerJob = limits.fitEpochsPerJob();
        own.fitEpochsPerDay = limits.fitEpochsPerDay();
        return of(userId);
    }

    private static void check(List<FieldError> errors, String field, Number value) {
        if (value != null && (value.longValue() < 0 || value.longValue() > MAX_LIMIT)) {
            errors.add(new FieldError(field, "from 0 to " + MAX_LIMIT + ", or null for the default"));
        }
    }

    private static ProblemException over(String detail) {
        return new ProblemException(Problem.of(429, "Over quota", detail));
    }
}
