package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged trainer, killed with SIGKILL in the middle of a trial: the broker delivers the
 * unacknowledged trial again, a new trainer computes it, and the trial is counted exactly once.
 */
class TrainerKillIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private final String kind = "kill" + UUID.randomUUID().toString().substring(0, 6);
    private final Path state = Path.of("target/kill-state-" + kind);
    private Process first;
    private Process second;

    @AfterEach
    void stop() {
        for (Process process : new Process[] { first, second }) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aTrialSurvivesItsWorkerBeingKilled() throws Exception {
        try (Broker broker = new Broker()) {
            first = start("first");
            broker.awaitQueue("hud.training." + kind, Duration.ofSeconds(60));
            String job = WorkMessages.jobId();
            String trial = job + "/0";
            // Long enough to be killed in the middle: 5 folds x 400 epochs.
            broker.publishWork(kind, WorkMessages.trial(job, trial, WorkMessages.cell(0.03, 0.4, 400), WorkMessages.search(5, 0)));
            broker.await(Broker.progress(job, point -> "first".equals(point.path("workerId").asText())), Duration.ofSeconds(60));

            first.destroyForcibly().waitFor();
            assertEquals(0, broker.count(Broker.key("training.trial", job)), "the killed worker published no result");

            second = start("second");
            JsonNode result = broker.await(Broker.key("training.trial", job), Duration.ofSeconds(120)).body();
            assertEquals("second", result.get("workerId").asText());
            assertEquals(trial, result.get("trialId").asText());
            assertEquals(5, result.get("folds").size());
            assertEquals(400, result.get("folds").get(0).get("history").size());
            Thread.sleep(2000);
            assertEquals(1, broker.count(Broker.key("training.trial", job)), "the trial is counted exactly once");
            second.destroy();
            second.waitFor();
            broker.deleteQueue("hud.training." + kind);
        }
    }

    private Process start(String workerId) throws IOException {
        Files.createDirectories(state);
        var builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(state.resolve(workerId + ".log").toFile());
        var env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("RABBITMQ_HOST", "127.0.0.1");
        env.put("HUD_TRAINER_DEVICE_KIND", kind);
        env.put("HUD_TRAINER_WORKER_ID", workerId);
        env.put("HUD_TRAINER_STATE_DIR", state.toAbsolutePath().toString());
        Process process = builder.start();
        assertTrue(process.isAlive(), workerId + " started");
        return process;
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
