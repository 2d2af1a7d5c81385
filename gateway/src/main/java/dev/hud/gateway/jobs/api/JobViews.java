package dev.hud.gateway.jobs.api;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.TrialStatus;
import dev.hud.gateway.jobs.messaging.JobNews;
import dev.hud.gateway.models.Model;
import dev.hud.gateway.users.User;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Jobs as the API shows them. A job's detail is a hot read (every browser watching a job polls or
 * re-reads it on each change), so it is cached in-process and dropped on every change that this
 * replica makes or hears of ({@link JobNews}); a short expiry bounds what a lost notice could leave.
 */
@ApplicationScoped
public class JobViews {

    /** The best cell and what it scored: mean CV accuracy over every fold of every repeat, its std and 95% interval. */
    public record Best(int trial, Cell cell, double cvAccuracy, double cvStd, Double cvLow, Double cvHigh,
            Integer refitEpochs) {
    }

    /**
     * One trial: its cell, status and cross-validated scores (mean, std, 95% interval over every fold of every repeat),
     * the epochs its folds kept and stopped at (fold order: repeat by repeat), whether a fold diverged.
     */
    public record TrialView(int idx, String trialId, Cell cell, TrialStatus status, Double meanAccuracy,
            Double stdAccuracy,
            Double intervalLow, Double intervalHigh, Double meanLoss, boolean diverged, List<Integer> bestEpochs,
            List<Integer> stoppedEpochs, String workerId, String device, Double wallSeconds, int attempts,
            String failure) {
    }

    /**
     * A job in a listing. {@code progress} is a percentage (finished trials, the refit as one more
     * step, plus the epochs running trials have done); {@code devices}: every device that ran a part.
     */
    public record JobSummary(String id, String name, String owner, String purpose, JobStatus status, String device,
            List<String> devices, String dataset, int trials, int trialsSucceeded, int trialsFailed, double progress,
            Best best,
            TrainingEvents.Metrics holdout, String modelId, OffsetDateTime createdAt, OffsetDateTime startedAt,
            OffsetDateTime finishedAt, Double wallSeconds, String error) {

        public JobSummary withLive(double liveProgress) {
            double value = status == JobStatus.SUCCEEDED ? 100 : Math.min(99.9, progress + liveProgress);
            Double wall = wallSeconds != null ? wallSeconds
                    : (Duration.between(createdAt, OffsetDateTime.now()).toMillis() / 1000.0);
            // A queued job whose first trial is under way is running for whoever watches it (the row says so after that
            // trial).
            JobStatus shown = status == JobStatus.QUEUED && liveProgress > 0 ? JobStatus.RUNNING : status;
            return new JobSummary(id, name, owner, purpose, shown, device, devices, dataset, trials, trialsSucceeded,
                    trialsFailed,
                    Math.round(value * 10) / 10.0, best, holdout, modelId, createdAt, startedAt, finishedAt, wall,
                    error);
        }
    }

    /** A job with what was asked and every trial. */
    public record JobDetail(@JsonUnwrapped JobSummary job, JobRequest request, List<TrialView> trialResults) {
    }

    /** One page of summaries. */
    public record JobPage(List<JobSummary> items, int page, int size, long total) {
    }

    private final Cache cache;

    JobViews(@CacheName("job-views") Cache cache) {
        this.cache = cache;
    }

    @CacheResult(cacheName = "job-views")
    public JobDetail detail(String jobId) {
        TrainingJob job = TrainingJob.findById(jobId);
        if (job == null) {
            throw ProblemException.notFound("no job " + jobId);
        }
        List<Trial> trials = Trial.list("jobId", Sort.by("idx"), jobId);
        var summary = summary(job, trials, owners(List.of(job)), models(List.of(job)));
        return new JobDetail(summary, job.request, trials.stream().map(JobViews::trialView).toList());
    }

    public void forget(String jobId) {
        cache.invalidate(jobId).await().indefinitely();
    }

    /** Newest first; {@code ownerId} and {@code status} filter when given. */
    public JobPage page(Long ownerId, JobStatus status, int page, int size) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        if (ownerId != null) {
            where.add("ownerId = :owner");
            params.put("owner", ownerId);
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        var query = TrainingJob.<TrainingJob>find(String.join(" and ", where), Sort.descending("createdAt"), params);
        List<TrainingJob> jobs = query.page(Page.of(page, size)).list();
        long total = query.count();
        Map<Long, String> owners = owners(jobs);
        Map<String, List<Trial>> trials = new HashMap<>();
        if (!jobs.isEmpty()) {
            Trial.<Trial>list("jobId in ?1", Sort.by("idx"), jobs.stream().map(job -> job.id).toList())
                    .forEach(trial -> trials.computeIfAbsent(trial.jobId, id -> new ArrayList<>()).add(trial));
        }
        Map<String, Model> models = models(jobs);
        var items = jobs.stream().map(job -> summary(job, trials.getOrDefault(job.id, List.of()), owners, models))
                .toList();
        return new JobPage(items, page, size, total);
    }

    private JobSummary summary(TrainingJob job, List<Trial> trials, Map<Long, String> owners,
            Map<String, Model> models) {
        int succeeded = (int) trials.stream().filter(trial -> trial.status == TrialStatus.SUCCEEDED).count();
        int failed = (int) trials.stream().filter(trial -> trial.status == TrialStatus.FAILED).count();
        int finished = (int) trials.stream().filter(Trial::finished).count();
        double progress = progress(finished, job.trialsTotal);
        Best best = null;
        if (job.bestTrial != null) {
            Trial trial = trials.get(job.bestTrial);
            best = new Best(trial.idx, trial.cell(), trial.meanAccuracy, trial.stdAccuracy, trial.intervalLow,
                    trial.intervalHigh,
                    job.refitEpochs);
        }
        Model model = job.modelId == null ? null : models.get(job.modelId);
        var devices = new TreeSet<String>();
        trials.stream().filter(trial -> trial.device != null).forEach(trial -> devices.add(trial.device));
        if (model != null && model.device != null) {
            devices.add(model.device);
        }
        Double wall = job.finishedAt == null ? null
                : Duration.between(job.createdAt, job.finishedAt).toMillis() / 1000.0;
        return new JobSummary(job.id, job.name, owners.get(job.ownerId), job.purpose, job.status, job.deviceKind,
                List.copyOf(devices),
                job.search.dataset(), job.trialsTotal, succeeded, failed, progress, best,
                model == null ? null : model.holdout,
                job.modelId, job.createdAt, job.startedAt, job.finishedAt, wall, job.error);
    }

    /**
     * How far a job is, in percent: its trials and then its refit, each one step (the refit is a row of its own among
     * {@code finished}), so a job whose trials are all done but whose model is not yet trained is not at 100.
     */
    static double progress(int finished, int trials) {
        return 100.0 * finished / (trials + 1);
    }

    private static TrialView trialView(Trial trial) {
        List<Integer> bestEpochs = trial.folds == null ? List.of()
                : trial.folds.stream().map(TrainingEvents.Fold::bestEpoch).toList();
        List<Integer> stoppedEpochs = trial.folds == null ? List.of()
                : trial.folds.stream().map(TrainingEvents.Fold::stoppedEpoch).toList();
        return new TrialView(trial.idx, trial.trialId(), trial.cell(), trial.status, trial.meanAccuracy,
                trial.stdAccuracy,
                trial.intervalLow, trial.intervalHigh, trial.meanLoss, trial.diverged, bestEpochs, stoppedEpochs,
                trial.workerId,
                trial.device, trial.wallSeconds, trial.attempts, trial.failure);
    }

    /** The registered models of these jobs, by id: one query for a page. */
    private static Map<String, Model> models(List<TrainingJob> jobs) {
        var ids = jobs.stream().map(job -> job.modelId).filter(Objects::nonNull).toList();
        var models = new HashMap<String, Model>();
        if (!ids.isEmpty()) {
            Model.<Model>list("id in ?1", ids).forEach(model -> models.put(model.id, model));
        }
        return models;
    }

    private static Map<Long, String> owners(List<TrainingJob> jobs) {
        var ids = jobs.stream().map(job -> job.ownerId).distinct().toList();
        var names = new HashMap<Long, String>();
        if (!ids.isEmpty()) {
            User.<User>list("id in ?1", ids).forEach(user -> names.put(user.id, user.username));
        }
        return names;
    }
}
