package dev.hud.gateway.jobs.messaging;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.hud.common.messages.TrainingWork;
import dev.hud.gateway.jobs.JobsConfig;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.api.JobViews;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The outbox: a trial (or a refit) is stored as due ({@code sent_at} null) before it is sent, and
 * marked sent once the broker confirmed it. Whatever was not confirmed — broker away, gateway killed
 * in between — is sent by the next {@link #sendDue} call (after a submission, and every few seconds
 * from the scheduler). Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so two replicas never
 * send the same row at once.
 */
@ApplicationScoped
public class WorkDispatcher {

    private static final Logger LOG = Logger.getLogger(WorkDispatcher.class);
    private static final int BATCH = 1000;

    private record Pending(String jobId, Runnable markSent, CompletionStage<Void> confirmation) {
    }

    private final WorkPublisher publisher;
    private final JobsConfig config;
    private final EntityManager entities;
    private final JobViews views;

    WorkDispatcher(WorkPublisher publisher, JobsConfig config, EntityManager entities, JobViews views) {
        this.views = views;
        this.publisher = publisher;
        this.config = config;
        this.entities = entities;
    }

    /** Sends what is due, of one job or (null) of every job; returns how many messages the broker confirmed. */
    public int sendDue(String jobId) {
        var touched = new HashSet<String>();
        int confirmed = QuarkusTransaction.requiringNew().call(() -> send(jobId, touched));
        touched.forEach(views::forget);
        return confirmed;
    }

    private int send(String jobId, Set<String> touched) {
        List<TrainingJob> refits = claim(
                "SELECT * FROM training_job WHERE status = 'refitting' AND refit_sent_at IS NULL"
                        + (jobId == null ? "" : " AND id = :job") + " ORDER BY created_at",
                TrainingJob.class, jobId);
        List<Trial> trials = claim("SELECT * FROM trial WHERE status = 'queued' AND sent_at IS NULL"
                + (jobId == null ? "" : " AND job_id = :job") + " ORDER BY job_id, idx", Trial.class, jobId);
        if (refits.isEmpty() && trials.isEmpty()) {
            return 0;
        }
        var pending = new ArrayList<Pending>();
        var jobs = new HashMap<String, TrainingJob>();
        try {
            for (TrainingJob job : refits) {
                Trial best = Trial.findById(new Trial.Key(job.id, job.bestTrial));
                var work = new TrainingWork(TrainingWork.SCHEMA, job.id, TrainingWork.REFIT, job.id + "/refit",
                        List.of(best.cell()),
                        job.refitEpochs, job.search, null);
                pending.add(new Pending(job.id, () -> job.refitSentAt = OffsetDateTime.now(),
                        publisher.send(kind(job), work)));
            }
            for (Trial trial : trials) {
                TrainingJob job = jobs.computeIfAbsent(trial.jobId, id -> TrainingJob.findById(id));
                var work = new TrainingWork(TrainingWork.SCHEMA, trial.jobId, TrainingWork.TRIAL, trial.trialId(),
                        List.of(trial.cell()),
                        null, job.search, job.trialsTotal);
                pending.add(new Pending(trial.jobId, () -> {
                    trial.sentAt = OffsetDateTime.now();
                    trial.attempts++;
                }, publisher.send(kind(job), work)));
            }
        } catch (IOException e) {
            LOG.warnf("cannot reach the broker to send work (it stays due): %s", e.getMessage());
        }
        long deadline = System.nanoTime() + config.confirmTimeout().toNanos();
        int confirmed = 0;
        for (Pending sent : pending) {
            try {
                sent.confirmation().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                sent.markSent().run();
                touched.add(sent.jobId());
                confirmed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // not confirmed: stays due and is sent again (trainers and the gateway count a trial once)
            }
        }
        if (confirmed < pending.size() || pending.size() < refits.size() + trials.size()) {
            LOG.warnf("%d of %d messages confirmed by the broker; the rest stay due", confirmed,
                    refits.size() + trials.size());
        }
        return confirmed;
    }

    /** Rows no other transaction holds, locked until this one ends. */
    @SuppressWarnings("unchecked")
    private <T> List<T> claim(String sql, Class<T> type, String jobId) {
        var query = entities.createNativeQuery(sql + " LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED", type);
        if (jobId != null) {
            query.setParameter("job", jobId);
        }
        return query.getResultList();
    }

    private String kind(TrainingJob job) {
        return config.queueKinds().get(job.deviceKind);
    }
}
