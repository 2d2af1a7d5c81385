package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged trainer, killed with SIGKILL in the middle of a batch of several jobs' trials: the broker
 * delivers the unacknowledged trials again, a new trainer computes them, and each is counted exactly once.
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
    void aBatchOfSeveralJobsSurvivesItsWorkerBeingKilled() throws Exception {
        try (Broker broker = new Broker()) {
            first = start("first");
            broker.awaitQueue("hud.training." + kind, Duration.ofSeconds(60));
            // Two jobs of two trials each, taken as one batch; long enough to be killed in the middle: 5 folds x 400
            // epochs.
            List<String> trials = new ArrayList<>();
            for (String job : List.of(WorkMessages.jobId(), WorkMessages.jobId())) {
                for (int cell = 0; cell < 2; cell++) {
                    trials.add(job + "/" + cell);
                    broker.publishWork(kind,
                            WorkMessages.trial(job, job + "/" + cell, WorkMessages.cell(0.02 + 0.01 * cell, 0.4, 400),
                                    WorkMessages.search(5, 0)));
                }
            }
            broker.awaitSeen(
                    event -> event.routingKey().equals("worker.heartbeat")
                            && "first".equals(event.body().path("workerId")
                                    .asText())
                            && trials.stream().allMatch(event.body().path("currentTrials").toString()::contains),
                    Duration.ofSeconds(60));
            broker.awaitSeen(event -> event.routingKey().equals("training.progress-batch")
                    && "first".equals(event.body().path("points").path(0).path("workerId").asText()),
                    Duration.ofSeconds(60));

            first.destroyForcibly().waitFor();
            assertEquals(0, broker.count(event -> event.routingKey().equals("training.trial")),
                    "the killed worker published no result");

            second = start("second");
            for (String trial : trials) {
                JsonNode result = broker.awaitSeen(event -> event.routingKey().equals("training.trial")
                        && trial.equals(event.body().path("trialId").asText()), Duration.ofSeconds(180)).body();
                assertEquals("second", result.get("workerId").asText());
                assertEquals(5, result.get("folds").size());
                assertEquals(400, result.get("folds").get(0).get("history").size());
            }
            // A last trial after them: when its result is in, the second worker has acknowledged the batch before it,
            // so nothing of the killed batch can come again.
            String last = WorkMessages.jobId();
            broker.publishWork(kind,
                    WorkMessages.trial(last, last + "/0", WorkMessages.cell(0.03, 0.4, 2), WorkMessages.search(5, 0)));
            broker.awaitSeen(Broker.key("training.trial", last), Duration.ofSeconds(60));
            for (String trial : trials) {
                assertEquals(1, broker.count(event -> event.routingKey().equals("training.trial")
                        && trial.equals(event.body().path("trialId").asText())), trial + " is counted exactly once");
            }
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
        env.put("RABBITMQ_VIRTUAL_HOST", System.getProperty("rabbitmq-virtual-host", "/"));
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
