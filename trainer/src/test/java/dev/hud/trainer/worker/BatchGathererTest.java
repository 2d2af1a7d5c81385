package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class BatchGathererTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final LinkedBlockingQueue<Delivery> waiting = new LinkedBlockingQueue<>();

    @Test
    void aJobWhoseTrialsAreAllInHandStartsWithoutWaitingForTheQueueToGoQuiet() {
        waiting.addAll(List.of(trial("a", 0, 3), trial("a", 1, 3)));
        var gatherer = new BatchGatherer(waiting, 32, AN_HOUR, new ObjectMapper());
        new Thread(() -> waiting.add(trial("a", 2, 3))).start();

        // With an hour's quiet period, only knowing the job's size can end the gathering.
        List<Delivery> batch = assertTimeoutPreemptively(Duration.ofSeconds(10), gatherer::next);
        assertEquals(3, batch.size(), "job a's three trials");
    }

    @Test
    void otherJobsWorkAlreadyWaitingJoinsTheBatch() {
        waiting.addAll(
                List.of(trial("a", 0, 2), trial("b", 0, 2), trial("a", 1, 2), trial("c", 0, 3), trial("b", 1, 2)));
        var gatherer = new BatchGatherer(waiting, 32, AN_HOUR, new ObjectMapper());

        List<Delivery> batch = assertTimeoutPreemptively(Duration.ofSeconds(10), gatherer::next);
        assertEquals(5, batch.size(), "a's trials, and b's and c's that were already waiting");
        assertEquals(0, waiting.size());
    }

    @Test
    void workThatDoesNotSayWaitsForTheQueueToGoQuiet() throws Exception {
        waiting.addAll(List.of(trial("a", 0, null), trial("a", 1, null), trial("c", 0, 5)));
        var gatherer = new BatchGatherer(waiting, 32, Duration.ofMillis(50), new ObjectMapper());
        assertEquals(3, gatherer.next().size());
        waiting.addAll(List.of(trial("d", 0, 3), trial("d", 1, 3)));
        assertEquals(2, gatherer.next().size(), "one of d's trials never came: the quiet period ends the batch");
    }

    @Test
    void noBatchHoldsMoreThanTheMost() throws Exception {
        for (int i = 0; i < 10; i++) {
            waiting.add(trial("big", i, 10));
        }
        assertEquals(4, new BatchGatherer(waiting, 4, AN_HOUR, new ObjectMapper()).next().size());
    }

    private static Delivery trial(String job, int index, Integer jobTrials) {
        String body = """
                {"schema":"hud.training-work/v2","jobId":"%s","kind":"trial","trialId":"%s/%d"%s}"""
                .formatted(job, job, index, jobTrials == null ? "" : ",\"jobTrials\":" + jobTrials);
        return new Delivery(body.getBytes(StandardCharsets.UTF_8), false);
    }
}
