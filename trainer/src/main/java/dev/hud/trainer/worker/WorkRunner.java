package dev.hud.trainer.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingEvents.WorkFailed;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.store.DatasetDownloads;
import dev.hud.trainer.store.MediaUploader;

/**
 * Does the work that was delivered together: the trials of one job as one batched program (all its
 * cells x folds x repeats side by side), refits one by one ({@link Refits}). A redelivered trial whose
 * result is already stored is published again, not recomputed. A message that can never be done is
 * dead-lettered with its reason, never retried. Every delivery ends done (acknowledge) or given back
 * (return to the queue).
 */
@ApplicationScoped
class WorkRunner {

    private static final Logger LOG = Logger.getLogger(WorkRunner.class);

    /** Work that passed validation, with the delivery it came in. */
    private record Planned(Delivery delivery, WorkPlan plan) {
        TrainingWork work() {
            return plan.work();
        }
    }

    private final ObjectMapper json;
    private final WorkValidator validator;
    private final EventPublisher events;
    private final CrossValidation crossValidation;
    private final Cancellations cancellations;
    private final WorkerState state;
    private final Refits refits;
    private final int maxFits;

    WorkRunner(ObjectMapper json, WorkValidator validator, EventPublisher events, CrossValidation crossValidation,
            Refits refits,
            Cancellations cancellations, WorkerState state, TrainerConfig config) {
        this.json = json;
        this.validator = validator;
        this.events = events;
        this.crossValidation = crossValidation;
        this.refits = refits;
        this.cancellations = cancellations;
        this.state = state;
        this.maxFits = config.batch().maxFits();
    }

    /** Runs every delivery of a batch; {@code stopping} tells a cancellation by shutdown from one by the gateway. */
    void run(List<Delivery> deliveries, BooleanSupplier stopping) {
        List<Planned> trials = new ArrayList<>();
        List<Planned> others = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            Planned planned = plan(delivery);
            if (planned != null) {
                (TrainingWork.TRIAL.equals(planned.work().kind()) ? trials : others).add(planned);
            }
        }
        for (List<Planned> chunk : chunks(trials)) {
            runTrials(chunk, stopping);
        }
        others.forEach(planned -> runAlone(planned, stopping));
    }

    /**
     * The checked work, or null when it was refused (dead-lettered with its reason: the delivery is then done) or given
     * back (its data set could not be fetched now).
     */
    private Planned plan(Delivery delivery) {
        TrainingWork work = null;
        try {
            work = json.readValue(delivery.body(), TrainingWork.class);
            return new Planned(delivery, validator.validate(work));
        } catch (IOException | InvalidWorkException e) {
            String reason = e instanceof JsonProcessingException parse ? "malformed JSON: " + parse.getOriginalMessage()
                    : e instanceof IOException ? "unreadable message: " + e.getMessage() : e.getMessage();
            report(List.of(delivery), () -> refuse(delivery.body(), null, reason));
        } catch (DatasetDownloads.Unavailable e) {
            // Its data set is on a cdn that cannot be asked now: not the message's fault, it is tried again.
            delivery.giveBack(e);
        } catch (RuntimeException e) {
            TrainingWork read = work;
            report(List.of(delivery), () -> refuse(delivery.body(), read, "unreadable work: " + e));
        }
        return null;
    }

    /** Trials of one job: they share one prepared experiment (same data, features, folds and network). */
    private String sameSearch(TrainingWork work) {
        try {
            return work.jobId() + " " + json.writeValueAsString(work.search());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max-fits} fits (cells x folds x repeats, of any jobs) in one program: the memory bound. */
    private List<List<Planned>> chunks(List<Planned> trials) {
        List<List<Planned>> chunks = new ArrayList<>();
        List<Planned> chunk = new ArrayList<>();
        int fits = 0;
        for (Planned trial : trials) {
            int fitsOfTrial = trial.plan().settings().folds() * trial.plan().settings().repeats();
            if (!chunk.isEmpty() && fits + fitsOfTrial > maxFits) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                fits = 0;
            }
            chunk.add(trial);
            fits += fitsOfTrial;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * Trials of one or more jobs as one batched program. A job cancelled meanwhile gets its trials reported cancelled
     * and its progress no longer sent while the others train on; the batch stops only when all its jobs are cancelled.
     */
    private void runTrials(List<Planned> batch, BooleanSupplier stopping) {
        Map<String, List<Planned>> byJob = new LinkedHashMap<>();
        batch.forEach(
                planned -> byJob.computeIfAbsent(sameSearch(planned.work()), key -> new ArrayList<>()).add(planned));
        List<String> trialIds = batch.stream().map(planned -> planned.work().trialId()).toList();
        Set<String> jobIds = new LinkedHashSet<>();
        batch.forEach(planned -> jobIds.add(planned.work().jobId()));
        LOG.infof("%d trial(s) of %d job(s) %s in one batch%s", batch.size(), jobIds.size(), jobIds,
                batch.stream().anyMatch(planned -> planned.delivery().redelivered()) ? ", some redelivered" : "");
        state.working(trialIds);
        try {
            BooleanSupplier cancelled = () -> stopping.getAsBoolean()
                    || jobIds.stream().allMatch(cancellations::isCancelled);
            finish(batch, stopping, () -> {
                List<CrossValidation.JobTrials> jobs = byJob.values().stream()
                        .map(planned -> new CrossValidation.JobTrials(planned.get(0).work(),
                                planned.stream().map(one -> one.work().trialId()).toList(),
                                planned.stream().map(one -> one.plan().cells().get(0)).toList(),
                                planned.stream().map(Planned::delivery).toList(),
                                CrossValidation.JobTrials.prepared(planned.get(0).plan())))
                        .toList();
                crossValidation.run(jobs, cancelled);
                trialIds.forEach(id -> state.countCompleted());
            });
        } finally {
            state.idle();
        }
    }

    private void runAlone(Planned planned, BooleanSupplier stopping) {
        TrainingWork work = planned.work();
        LOG.infof("%s of job %s (%d cells)%s", work.kind(), work.jobId(), planned.plan().cells().size(),
                planned.delivery().redelivered() ? ", redelivered" : "");
        state.working(work.jobId(), work.trialId());
        try {
            BooleanSupplier cancelled = () -> stopping.getAsBoolean() || cancellations.isCancelled(work.jobId());
            finish(List.of(planned), stopping, () -> {
                refits.run(planned.plan(), cancelled);
                state.countCompleted();
            });
        } finally {
            state.idle();
        }
    }

    /**
     * Runs {@code task} for this work and ends each delivery the task has not ended: done after the task's outcomes are
     * confirmed; a cancellation by the gateway reported per trial; given back when the broker or the cdn failed, or the
     * trainer stops; a fault of ours reported and dead-lettered.
     */
    private void finish(List<Planned> work, BooleanSupplier stopping, Runnable task) {
        List<Delivery> deliveries = work.stream().map(Planned::delivery).toList();
        Set<String> jobIds = new LinkedHashSet<>();
        work.forEach(planned -> jobIds.add(planned.work().jobId()));
        try {
            task.run();
            deliveries.forEach(Delivery::done);
        } catch (CancellationException e) {
            if (stopping.getAsBoolean()) {
                deliveries.forEach(Delivery::giveBackAsTheTrainerStops);
                return;
            }
            LOG.infof("job(s) %s cancelled: %s", jobIds, e.getMessage());
            for (Planned planned : work.stream().filter(planned -> !planned.delivery().outcome().isDone()).toList()) {
                report(List.of(planned.delivery()),
                        () -> crossValidation.reportCancelled(planned.work().jobId(), planned.work().trialId()));
            }
        } catch (BrokerUnavailableException | MediaUploader.UploadFailed e) {
            deliveries.forEach(delivery -> delivery.giveBack(e));
        } catch (RuntimeException e) {
            // A fault of ours, not of the message: report it, park each message with the reason, go on.
            LOG.errorf(e, "work of job(s) %s failed", jobIds);
            for (Planned planned : work.stream().filter(planned -> !planned.delivery().outcome().isDone()).toList()) {
                report(List.of(planned.delivery()),
                        () -> refuse(planned.delivery().body(), planned.work(), "training failed: " + e));
            }
        }
    }

    /** Reports for deliveries: done once confirmed, given back if the broker does not confirm. */
    private static void report(List<Delivery> deliveries, Runnable report) {
        try {
            report.run();
            deliveries.forEach(Delivery::done);
        } catch (BrokerUnavailableException e) {
            deliveries.forEach(delivery -> delivery.giveBack(e));
        }
    }

    private void refuse(byte[] body, TrainingWork work, String reason) {
        LOG.warnf("dead-lettering work: %s", reason);
        state.countFailed();
        String jobId = work == null ? null : work.jobId();
        String trialId = work == null ? null : work.trialId();
        EventPublisher.await(events.deadLetter(body, reason, state.workerId()));
        EventPublisher.await(events.publish(WorkFailed.ROUTING_KEY,
                new WorkFailed(WorkFailed.SCHEMA, jobId, trialId, reason, state.workerId())));
    }
}
