package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Cancel, retry of failed trials, the reaper, and events the gateway cannot read: over the real broker and database.
 */
@QuarkusTest
class JobControlTest {

    private static final String ONE_CELL = """
            {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";
    private static final String TWO_CELLS = """
            {"grid": {"learningRate": [0.02, 0.03], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void aDivergedCellIsNeverTheBestAndAJobWhoseCellsAllDivergedFails() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS.replace("\"folds\": 2", "\"folds\": 2, \"repeats\": 2"));
        List<TrainingWork> work = new ArrayList<>(trainer.take(id, 2, Duration.ofSeconds(10)));
        work.sort(Comparator.comparing(TrainingWork::trialId)); // trial 0, then trial 1
        assertThat(work.get(0).search().repeats(), equalTo(2));
        trainer.trialDone(work.get(0), 0.9, 4, true); // 3 of 4 folds at 0.9, one diverged: mean 0.675
        trainer.trialDone(work.get(1), 0.6, 4, false);
        List<TrainingWork> refit = trainer.take(id, 1, Duration.ofSeconds(10));
        assertThat(refit.get(0).cells().get(0).learningRate(), equalTo(work.get(1).cells().get(0).learningRate()));
        Api.job(token, id).body("status", equalTo("refitting"))
                .body("trialResults.diverged", equalTo(List.of(true, false)))
                .body("trialResults[0].meanLoss", Matchers.nullValue())
                .body("trialResults[1].intervalLow", Api.near(0.58))
                .body("trialResults[1].intervalHigh", Api.near(0.62))
                .body("best.cvLow", Api.near(0.58));

        String all = Api.submitted(token, TWO_CELLS);
        for (TrainingWork message : trainer.take(all, 2, Duration.ofSeconds(10))) {
            trainer.trialDone(message, 0.9, 4, true);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(Api.status(token, all)));
        Api.job(token, all).body("error", containsString("every cell diverged"));
    }

    @Test
    void cancellingStopsTheJobAndTellsEveryTrainer() throws Exception {
        String token = Api.newUser();
        String control = trainer.listen("hud.control");
        String id = Api.submitted(token, TWO_CELLS);
        List<TrainingWork> work = trainer.take(id, 2, Duration.ofSeconds(10));

        given().auth().oauth2(token).when().post("/api/training-jobs/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("error", containsString("cancelled by"));
        var cancel = trainer.next(control, Duration.ofSeconds(5));
        assertThat(cancel, notNullValue());
        assertThat(TrainerDouble.text(cancel), containsString("\"schema\":\"hud.cancel-job/v1\""));
        assertThat(TrainerDouble.text(cancel), containsString(id));
        Api.job(token, id).body("trialResults.status", equalTo(List.of("cancelled", "cancelled")));

        // A result that was on its way changes nothing; cancelling twice is a conflict.
        trainer.trialDone(work.get(0), 0.97, 5);
        Thread.sleep(500);
        Api.job(token, id).body("status", equalTo("cancelled")).body("trialsSucceeded", equalTo(0));
        given().auth().oauth2(token).when().post("/api/training-jobs/" + id + "/cancel").then().statusCode(409)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void retryReRunsOnlyTheFailedTrials() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS);
        List<TrainingWork> work = trainer.take(id, 2, Duration.ofSeconds(10));
        TrainingWork good = work.get(0).trialId().endsWith("/0") ? work.get(0) : work.get(1);
        TrainingWork bad = good == work.get(0) ? work.get(1) : work.get(0);

        given().auth().oauth2(token).when().post("/api/training-jobs/" + id + "/retry").then().statusCode(409);
        trainer.trialDone(good, 0.96, 4);
        trainer.failed(bad, "out of memory");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(Api.status(token, id)));
        Api.job(token, id).body("error", equalTo("1 of 2 trials failed"))
                .body("trialResults[1].status", equalTo("failed"))
                .body("trialResults[1].failure", equalTo("out of memory"));
        given().auth().oauth2(Api.admin()).when().get("/api/monitor/failures").then().statusCode(200)
                .body("find { it.trialId == '" + bad.trialId() + "' }.reason", equalTo("out of memory"));
        // The owner sees their job's failure; another user does not.
        given().auth().oauth2(token).when().get("/api/monitor/failures").then().statusCode(200)
                .body("find { it.trialId == '" + bad.trialId() + "' }.reason", equalTo("out of memory"))
                .body("jobId", Matchers.everyItem(equalTo(id)));
        given().auth().oauth2(Api.newUser()).when().get("/api/monitor/failures").then().statusCode(200)
                .body("trialId", Matchers.not(Matchers.hasItem(bad.trialId())));

        given().auth().oauth2(token).when().post("/api/training-jobs/" + id + "/retry").then().statusCode(202)
                .body("status", equalTo("running"));
        List<TrainingWork> again = trainer.more(id, Duration.ofSeconds(3));
        assertThat(again.stream().map(TrainingWork::trialId).toList(), contains(bad.trialId()));
        Api.job(token, id).body("trialResults[1].attempts", equalTo(2)).body("trialResults[0].attempts", equalTo(1));

        trainer.trialDone(again.get(0), 0.97, 4);
        List<TrainingWork> refit = trainer.take(id, 1, Duration.ofSeconds(10));
        assertThat(refit.stream().map(TrainingWork::kind).toList(), contains(TrainingWork.REFIT));
        Api.job(token, id).body("status", equalTo("refitting")).body("best.trial", equalTo(1));
    }

    @Test
    void theReaperReQueuesTheTrialOfAWorkerThatStoppedBeating() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL);
        List<TrainingWork> work = trainer.take(id, 1, Duration.ofSeconds(10));
        String worker = "hung-" + id.substring(0, 6);

        // The worker took the trial, reported it in a heartbeat, and went silent (test timeout: 2 s).
        trainer.heartbeat(worker, id, work.get(0).trialId());
        List<TrainingWork> requeued = trainer.take(id, 1, Duration.ofSeconds(15));
        assertThat(requeued.stream().map(TrainingWork::trialId).toList(), contains(work.get(0).trialId()));
        Api.job(token, id).body("trialResults[0].attempts", equalTo(2));

        // Once only per gone worker; and the run is recorded with what it did.
        assertThat(trainer.more(id, Duration.ofSeconds(3)), is(empty()));
        given().auth().oauth2(token).when().get("/api/monitor/schedules").then().statusCode(200)
                .body("find { it.name == 'trial-reaper' }.nextRun", notNullValue())
                .body("find { it.name == 'trial-reaper' }.recentRuns.detail",
                        hasItem(containsString(work.get(0).trialId() + " (from " + worker)))
                .body("find { it.name == 'trial-reaper' }.lastRun.outcome", equalTo("ok"));
    }

    @Test
    void theReaperReQueuesEveryTrialOfTheBatchAWorkerHeldWhenItStoppedBeating() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS);
        List<String> trials = trainer.take(id, 2, Duration.ofSeconds(10)).stream().map(TrainingWork::trialId).sorted()
                .toList();
        String worker = "hung-batch-" + id.substring(0, 6);

        trainer.heartbeat(worker, trials);
        List<String> requeued = trainer.take(id, 2, Duration.ofSeconds(15)).stream().map(TrainingWork::trialId).sorted()
                .toList();
        assertThat(requeued, equalTo(trials));
        Api.job(token, id).body("trialResults.attempts", equalTo(List.of(2, 2)));
        assertThat(trainer.more(id, Duration.ofSeconds(3)), is(empty()));
    }

    @Test
    void anEventTheGatewayCannotReadIsDeadLetteredWithItsReason() throws Exception {
        String dead = trainer.listen("hud.training.dlx");
        trainer.publish("training.trial",
                "{\"schema\": \"hud.trial-completed/v9\", \"jobId\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        var letter = trainer.next(dead, Duration.ofSeconds(10));
        assertThat(letter, notNullValue());
        assertThat(String.valueOf(TrainerDouble.header(letter, "x-hud-reason")),
                containsString("hud.trial-completed/v9"));
        given().auth().oauth2(Api.admin()).when().get("/api/monitor/failures").then()
                .body("source", hasItem("gateway")).body("reason", hasItem(containsString("hud.trial-completed/v9")));
    }

    @Test
    void theMonitorShowsTheTrainingQueues() throws Exception {
        String token = Api.newUser();
        Api.submitted(token, ONE_CELL);
        given().auth().oauth2(token).when().get("/api/monitor/queues").then().statusCode(200)
                .body("find { it.device == 'cpu' }.queue", equalTo(TrainerDouble.QUEUE))
                .body("find { it.device == 'cpu' }.depth", notNullValue())
                .body("find { it.device == 'cpu' }.inPerMinute", Matchers.greaterThanOrEqualTo(1))
                .body("queue", hasItem("hud.training.dead"));
    }
}
