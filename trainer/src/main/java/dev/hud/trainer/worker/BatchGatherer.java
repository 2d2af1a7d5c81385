package dev.hud.trainer.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingWork;

/**
 * What trains together: the first waiting delivery and what else arrives until every trial of its job is in hand (a
 * trial message says how many its job has: {@code jobTrials}), the queue has been quiet for {@code gather}, or {@code
 * maxTrials} are in hand; then whatever else is already waiting, of any job, up to {@code maxTrials}. Holding the whole
 * job, training starts at once; the quiet period only covers work that does not say (older gateways, a job's trials
 * re-sent one by one).
 */
final class BatchGatherer {

    private final BlockingQueue<Delivery> waiting;
    private final int maxTrials;
    private final long gatherNanos;
    private final ObjectMapper json;

    BatchGatherer(BlockingQueue<Delivery> waiting, int maxTrials, Duration gather, ObjectMapper json) {
        this.waiting = waiting;
        this.maxTrials = maxTrials;
        this.gatherNanos = gather.toNanos();
        this.json = json;
    }

    List<Delivery> next() throws InterruptedException {
        List<Delivery> batch = new ArrayList<>();
        Delivery first = waiting.take();
        batch.add(first);
        JobShare wanted = share(first);
        int inHand = 1;
        while (batch.size() < maxTrials && (wanted == null || inHand < wanted.trials())) {
            Delivery next = waiting.poll(gatherNanos, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            JobShare share = share(next);
            if (wanted != null && share != null && share.jobId().equals(wanted.jobId())) {
                inHand++;
            }
        }
        // Other jobs' work already waiting trains in the same program (GridSearch groups what can share it).
        waiting.drainTo(batch, maxTrials - batch.size());
        return batch;
    }

    /** A trial message's job and how many trials that job has (null when it does not say). */
    private record JobShare(String jobId, int trials) {
    }

    private JobShare share(Delivery delivery) {
        try {
            JsonNode work = json.readTree(delivery.body());
            return TrainingWork.TRIAL.equals(work.path("kind").asText()) && work.path("jobTrials").canConvertToInt()
                    ? new JobShare(work.path("jobId").asText(), work.path("jobTrials").asInt()) : null;
        } catch (IOException | RuntimeException e) {
            return null; // malformed: WorkRunner dead-letters it with the reason
        }
    }
}
