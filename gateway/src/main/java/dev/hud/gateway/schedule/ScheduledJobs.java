package dev.hud.gateway.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.db.SlotRuns;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.api.JobRequest;
import dev.hud.gateway.jobs.api.JobRequestValidator;
import dev.hud.gateway.jobs.messaging.WorkDispatcher;
import dev.hud.gateway.jobs.orchestration.JobService;
import dev.hud.gateway.jobs.orchestration.TrialReaper;
import dev.hud.gateway.media.MediaCleanup;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * The periodic work, each job once per slot however many gateway replicas run ({@link OncePerSlot}),
 * each run recorded: the reaper, the default model's retrain, the media clean-up. The outbox sweep
 * runs on every replica (its rows are claimed one by one) and is not recorded.
 */
@ApplicationScoped
public class ScheduledJobs {

    public static final String REAPER = "trial-reaper";
    public static final String RETRAIN = "retrain";
    public static final String MEDIA_CLEANUP = "media-cleanup";
    public static final List<String> ALL = List.of(REAPER, RETRAIN, MEDIA_CLEANUP);

    private final OncePerSlot once;
    private final ScheduleConfig config;
    private final TrialReaper reaper;
    private final WorkDispatcher dispatcher;
    private final JobRequestValidator validator;
    private final JobService jobs;
    private final MediaCleanup media;

    ScheduledJobs(OncePerSlot once, ScheduleConfig config, TrialReaper reaper, WorkDispatcher dispatcher,
            JobRequestValidator validator,
            JobService jobs, MediaCleanup media) {
        this.once = once;
        this.config = config;
        this.reaper = reaper;
        this.dispatcher = dispatcher;
        this.validator = validator;
        this.jobs = jobs;
        this.media = media;
    }

    @Scheduled(identity = REAPER, every = "${hud.schedule.reaper.every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap(ScheduledExecution execution) {
        once.run(REAPER, slotOf(execution, config.reaper().every()), reaper::reap);
    }

    @Scheduled(identity = RETRAIN, cron = "${hud.schedule.retrain.cron}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retrain(ScheduledExecution execution) {
        // Cron fire times are the same on every replica: the fire time is the slot.
        once.run(RETRAIN, execution.getScheduledFireTime().truncatedTo(ChronoUnit.SECONDS), this::submitRetrain);
    }

    @Scheduled(identity = MEDIA_CLEANUP, every = "${hud.schedule.media-cleanup.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanMedia(ScheduledExecution execution) {
        once.run(MEDIA_CLEANUP, slotOf(execution, config.mediaCleanup().every()),
                () -> media.clean(config.mediaCleanup().grace()));
    }

    /**
     * The slot of a periodic run: the time the scheduler fired it, not the time a worker thread got to it. A busy
     * worker can start the run after the trigger's next fire time, and a slot taken then would be that next run's.
     */
    static Instant slotOf(ScheduledExecution execution, Duration every) {
        return SlotRuns.slotOf(execution.getFireTime(), every.toMillis());
    }

    @Scheduled(every = "5s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDueWork() {
        dispatcher.sendDue(null);
    }

    @Scheduled(every = "1h", delayed = "1m")
    void pruneRuns() {
        once.prune();
    }

    /**
     * Submits the configured grid as a retrain job of the first admin; its model becomes the default one. What the cron
     * does.
     */
    public String submitRetrain() {
        var retrain = config.retrain();
        JobPlan plan = validator.check(new JobRequest("scheduled retrain", "wdbc", retrain.device(),
                new JobRequest.Grid(retrain.learningRate(), retrain.momentum(), null, null, null), null, null,
                retrain.epochs(), null,
                null, retrain.patience() > 0 ? new JobRequest.EarlyStopping(retrain.patience(), 0.0, null) : null, null,
                null, null, null));
        long owner = QuarkusTransaction.requiringNew().call(() -> User.<User>find("role", Sort.by("id"), User.ADMIN)
                .firstResultOptional().map(user -> user.id)
                .orElseThrow(() -> new IllegalStateException("no admin to own the job")));
        String id = jobs.submit(plan, owner, TrainingJob.RETRAIN);
        return "submitted job " + id;
    }
}
