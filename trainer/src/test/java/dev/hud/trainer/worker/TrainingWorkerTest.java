package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.StratifiedSampling;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The worker against the real broker: work in through its durable queue, events out through
 * {@code hud.events}. The test profile's device kind "test" gives it queues of its own.
 */
@QuarkusTest
class TrainingWorkerTest {

    private static final String QUEUE = "hud.training.test";
    private static final String DEAD = "hud.training.dead";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Broker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new Broker();
        broker.purge(QUEUE);
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @Test
    void aTrialIsCrossValidatedWithItsCurvesAndAStoredResult() throws Exception {
        String job = WorkMessages.jobId();
        String trial = job + "/0";
        broker.publishWork("test",
                WorkMessages.trial(job, trial, WorkMessages.cell(0.03, 0.4, 4), WorkMessages.search(3, 0)));

        JsonNode result = broker.await(Broker.key("training.trial", job), WAIT).body();
        assertEquals("hud.trial-completed/v1", result.get("schema").asText());
        assertEquals(trial, result.get("trialId").asText());
        assertEquals(3, result.get("folds").size());
        assertEquals(4, result.get("folds").get(0).get("history").size());
        assertTrue(result.get("meanAccuracy").asDouble() > 0.8, result.toString());
        assertFalse(result.get("replayed").asBoolean());
        assertTrue(result.get("device").asText().startsWith("cpu"));
        assertEquals(3 * 4, broker.progressPoints(job), "one point per fold and epoch");
        assertTrue(broker.count(Broker.progress(job, point -> true)) < 3 * 4,
                "points travel together, not one message each");

        // Delivered again (as after a worker died before acknowledging): published again, not trained again.
        broker.publishWork("test",
                WorkMessages.trial(job, trial, WorkMessages.cell(0.03, 0.4, 4), WorkMessages.search(3, 0)));
        JsonNode again = broker.await(Broker.key("training.trial", job), WAIT).body();
        assertTrue(again.get("replayed").asBoolean());
        assertEquals(result.get("meanAccuracy").asDouble(), again.get("meanAccuracy").asDouble());
        assertEquals(result.get("folds"), again.get("folds"));
        assertEquals(3 * 4, broker.progressPoints(job), "nothing was trained the second time");
    }

    @Test
    void everyFoldOfEveryRepeatSaysWhatDecidedWhat() throws Exception {
        String job = WorkMessages.jobId();
        broker.publishWork("test",
                WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.03, 0.4, 6), WorkMessages.search(3, 2, 2)));

        JsonNode result = broker.await(Broker.key("training.trial", job), WAIT).body();
        JsonNode folds = result.get("folds");
        assertEquals(6, folds.size(), "3 folds x 2 repeats");
        for (int f = 0; f < 6; f++) {
            JsonNode fold = folds.get(f);
            assertEquals(f, fold.get("fold").asInt());
            assertEquals(f / 3, fold.get("repeat").asInt());
            int trained = fold.get("trainRows").asInt();
            int stopping = fold.get("earlyStoppingRows").asInt();
            int scored = fold.get("scoredRows").asInt();
            assertEquals(456, trained + stopping + scored, "the training split, partitioned: " + fold);
            assertEquals(Math.round((trained + stopping) * 0.1), stopping, 1.0,
                    "a tenth of the fold's training rows: " + fold);
            assertEquals(6, fold.get("history").get(0).size(), "train, scored and early-stopping loss and accuracy");
            assertEquals(0, fold.get("divergedEpoch").asInt());
        }
        double mean = result.get("meanAccuracy").asDouble();
        assertTrue(result.get("intervalLow").asDouble() < mean && mean < result.get("intervalHigh").asDouble(),
                result.toString());
        assertFalse(result.get("diverged").asBoolean());
        assertEquals("sgd", result.get("cell").get("optimizer").asText(), "v2: classical momentum");
    }

    @Test
    void workOfSchemaV1TrainsItsSgdAsNesterovAsItAlwaysDid() throws Exception {
        String job = WorkMessages.jobId();
        broker.publishWork("test",
                WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.03, 0.4, 2), WorkMessages.search(2, 0))
                        .replace("hud.training-work/v2", "hud.training-work/v1"));

        JsonNode result = broker.await(Broker.key("training.trial", job), WAIT).body();
        assertEquals("nesterov", result.get("cell").get("optimizer").asText());
    }

    @Test
    void aRefitEndsWithARegisteredModel() throws Exception {
        String job = WorkMessages.jobId();
        broker.publishWork("test",
                WorkMessages.refit(job, WorkMessages.cell(0.04, 0.4, 50), 5, WorkMessages.search(3, 2)));

        JsonNode model = broker.await(Broker.key("training.model", job), WAIT).body();
        assertEquals(job, model.get("modelId").asText());
        assertEquals(30, model.get("features").size());
        assertEquals("M", model.get("positiveClass").asText());
        assertTrue(model.get("holdout").get("accuracy").asDouble() > 0.8, model.toString());
        assertTrue(Files.isRegularFile(Path.of(model.get("modelLocation").asText())));
        assertTrue(Files.readAllLines(Path.of(model.get("outOfBagLocation").asText())).size() > 100);
    }

    @Test
    void aRefitsModelNamesBothClassesAndTheRangesItsScalerWasFittedWith() throws Exception {
        String job = WorkMessages.jobId();
        String search = WorkMessages.search(3, 0).replace("\"hidden\"", "\"topK\":5,\"hidden\"");
        broker.publishWork("test", WorkMessages.refit(job, WorkMessages.cell(0.04, 0.4, 5), 2, search));

        JsonNode model = broker.await(Broker.key("training.model", job), WAIT).body();
        assertEquals("M", model.get("positiveClass").asText());
        assertEquals("B", model.get("negativeClass").asText());
        JsonNode scaler = model.get("scaler");
        assertEquals(5, model.get("features").size());
        assertEquals(model.get("features"), scaler.get("features"));
        // Each kept feature's min and max over the training rows: all rows but those held out (fraction 0.2, seed 7).
        Dataset wdbc = CsvDatasetReader.wdbc();
        int[] training = StratifiedSampling.holdout(wdbc.labels(), 0.2, 7).train();
        boolean allRowsDiffer = false;
        for (int f = 0; f < 5; f++) {
            int column = wdbc.featureNames().indexOf(scaler.get("features").get(f).asText());
            DoubleStream.Builder values = DoubleStream.builder();
            IntStream.of(training).forEach(row -> values.add(wdbc.features()[row][column]));
            var range = values.build().summaryStatistics();
            assertEquals(range.getMin(), scaler.get("min").get(f).asDouble(), 0, "min of " + column);
            assertEquals(range.getMax(), scaler.get("max").get(f).asDouble(), 0, "max of " + column);
            var all = Arrays.stream(wdbc.features()).mapToDouble(row -> row[column]).summaryStatistics();
            allRowsDiffer |= all.getMin() != range.getMin() || all.getMax() != range.getMax();
        }
        assertTrue(allRowsDiffer, "the held-out rows widen some range, so fitting on them would show");
    }

    @Test
    void workThatCanNeverBeDoneIsDeadLetteredWithItsReason() throws Exception {
        String job = WorkMessages.jobId();
        String search = WorkMessages.search(3, 0);
        String cell = WorkMessages.cell(0.03, 0.4, 2);
        var bad = new String[][] {
                { "{\"schema\":\"hud.training-work/v1\",\"jobId\":\"" + job + "-json\",", "malformed JSON" },
                { WorkMessages.trial(job + "-schema", "t", cell, search).replace("hud.training-work/v2",
                        "hud.training-work/v9"),
                        "unsupported schema 'hud.training-work/v9'" },
                { WorkMessages.trial(job + "-lr", "t", WorkMessages.cell(-0.1, 0.4, 2), search),
                        "learning rate must be in (0, 10], got -0.1" },
                { WorkMessages.trial(job + "-folds", "t", cell, WorkMessages.search(1, 0)),
                        "folds must be between 2 and 20, got 1" },
                { WorkMessages.trial(job + "-kind", "t", cell, search).replace("\"trial\"", "\"grid\""),
                        "kind must be trial or refit, got 'grid'" },
                { WorkMessages.refit(job + "-cells", cell + "," + cell, 2, search), "exactly one cell" },
                { WorkMessages.trial(job + "-data", "t", cell, search.replace("\"wdbc\"", "\"../etc/passwd\"")),
                        "is not a plain file name" },
        };
        for (String[] message : bad) {
            broker.publishWork("test", message[0]);
        }
        for (String[] message : bad) {
            String marker = message[0].substring(message[0].indexOf(job), message[0].indexOf(job) + job.length() + 5);
            var dead = broker.awaitDeadLetter(DEAD, marker, WAIT);
            String reason = dead.getValue().get("x-hud-reason").toString();
            assertTrue(reason.contains(message[1]), "reason for " + marker + ": " + reason);
        }
        // The worker goes on with good work.
        String good = WorkMessages.jobId();
        broker.publishWork("test", WorkMessages.trial(good, good + "/0", cell, search));
        broker.await(Broker.key("training.trial", good), WAIT);
    }

    @Test
    void aCancelledJobStopsAtTheNextEpoch() throws Exception {
        String job = WorkMessages.jobId();
        broker.publishWork("test",
                WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.03, 0.4, 1000), WorkMessages.search(5, 0)));
        broker.await(Broker.progress(job, point -> true), WAIT);
        broker.publishControl("{\"schema\":\"hud.cancel-job/v1\",\"jobId\":\"" + job + "\"}");
        JsonNode cancelled = broker.await(event -> Broker.key("training.cancelled", job).test(event)
                || Broker.key("training.trial", job).test(event), WAIT).body();
        assertEquals("hud.work-cancelled/v1", cancelled.get("schema").asText());
    }

    @Test
    void trialsOfSeveralJobsThatWaitTrainAsOneBatchAndACancelledJobLeavesTheOthers() throws Exception {
        String busy = WorkMessages.jobId();
        broker.publishWork("test",
                WorkMessages.trial(busy, busy + "/0", WorkMessages.cell(0.03, 0.4, 1000), WorkMessages.search(3, 0)));
        broker.await(Broker.progress(busy, point -> true), WAIT);

        // Three jobs arrive while the trainer is busy; they wait in the trainer until the busy job ends.
        String a = WorkMessages.jobId();
        String b = WorkMessages.jobId();
        String c = WorkMessages.jobId();
        for (var job : List.of(a, b, c)) {
            double lr = job.equals(a) ? 0.01 : job.equals(b) ? 0.02 : 0.03;
            broker.publishWork("test",
                    WorkMessages.trial(job, job + "/0", WorkMessages.cell(lr, 0.4, 100), WorkMessages.search(3, 0)));
        }
        broker.awaitTaken(QUEUE, WAIT);
        broker.publishControl("{\"schema\":\"hud.cancel-job/v1\",\"jobId\":\"" + busy + "\"}");

        // One batch: the heartbeat on taking it names all three jobs' trials.
        broker.awaitSeen(event -> event.routingKey().equals("worker.heartbeat")
                && event.body().path("currentTrials").toString()
                        .contains(a + "/0")
                && event.body().path("currentTrials").toString().contains(b + "/0")
                && event.body().path("currentTrials").toString().contains(c + "/0"), WAIT);
        // c is cancelled while it trains beside a and b (100 epochs; its first points come after 250 ms).
        broker.awaitSeen(Broker.progress(c, point -> true), WAIT);
        broker.publishControl("{\"schema\":\"hud.cancel-job/v1\",\"jobId\":\"" + c + "\"}");

        for (var job : List.of(a, b)) {
            JsonNode result = broker.awaitSeen(Broker.key("training.trial", job), WAIT).body();
            assertEquals(job + "/0", result.get("trialId").asText());
            assertEquals(100, result.get("folds").get(0).get("history").size(), "a and b trained on to the end");
        }
        JsonNode cancelled = broker.awaitSeen(event -> Broker.key("training.cancelled", c).test(event)
                || Broker.key("training.trial", c).test(event), WAIT).body();
        assertEquals("hud.work-cancelled/v1", cancelled.get("schema").asText());
        assertEquals(c + "/0", cancelled.get("trialId").asText());
    }

    @Test
    void aTrainerSaysWhatItTookBeforeItsFirstEpochEnds() throws Exception {
        String job = WorkMessages.jobId();
        String trial = job + "/0";
        broker.publishWork("test",
                WorkMessages.trial(job, trial, WorkMessages.cell(0.03, 0.4, 4), WorkMessages.search(3, 0)));
        broker.await(Broker.key("training.trial", job), WAIT);

        // The heartbeat it sends on taking work, not its next periodic one (every second here, 5 s by default).
        int announced = broker.firstIndexOf(event -> event.routingKey().equals("worker.heartbeat")
                && event.body().path("currentTrials").toString().contains(trial));
        int firstEpoch = broker.firstIndexOf(Broker.progress(job, point -> true));
        assertTrue(announced >= 0 && announced < firstEpoch,
                "heartbeat at " + announced + ", first epoch at " + firstEpoch);
    }

    @Test
    void heartbeatsSayWhoAndWhere() throws Exception {
        JsonNode beat = broker.await(event -> event.routingKey().equals("worker.heartbeat"), Duration.ofSeconds(15))
                .body();
        assertEquals("hud.heartbeat/v1", beat.get("schema").asText());
        assertFalse(beat.get("workerId").asText().isBlank());
        assertEquals("test", beat.get("deviceKind").asText());
        assertTrue(beat.get("device").asText().startsWith("cpu"));
    }
}
