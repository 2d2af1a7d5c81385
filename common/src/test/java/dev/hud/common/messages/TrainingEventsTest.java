package dev.hud.common.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingEvents.EpochProgressBatch;
import dev.hud.common.messages.TrainingEvents.WorkFailed;

/** The gateway's consumers read trainers' events by routing key through one table: each key gives its record. */
class TrainingEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachRoutingKeyGivesItsRecord() throws IOException {
        var failed = TrainingEvents.read(JSON, "training.failed", bytes("""
                {"schema":"hud.work-failed/v1","jobId":"j","trialId":"j/0","reason":"boom","workerId":"w"}"""));
        assertEquals("boom", assertInstanceOf(WorkFailed.class, failed.orElseThrow()).reason());
        var batch = TrainingEvents.read(JSON, "training.progress-batch", bytes("""
                {"schema":"hud.epoch-progress-batch/v1","points":[{"schema":"hud.epoch-progress/v1","jobId":"j",
                "trialId":"j/0","fold":1,"epoch":2,"trainLoss":0.5,"trainAccuracy":0.9,"validationLoss":0.6,
                "validationAccuracy":0.8,"workerId":"w"}]}"""));
        assertEquals(2, assertInstanceOf(EpochProgressBatch.class, batch.orElseThrow()).points().get(0).epoch());
    }

    @Test
    void aKeyOfNoTrainersEventIsEmptyAndABadBodyThrows() throws IOException {
        assertTrue(TrainingEvents.read(JSON, "job.status", bytes("{}")).isEmpty());
        assertThrows(IOException.class, () -> TrainingEvents.read(JSON, "training.trial", bytes("{not json")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
