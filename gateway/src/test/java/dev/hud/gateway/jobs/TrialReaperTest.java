package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import dev.hud.gateway.jobs.orchestration.TrialReaper;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the trial reaper leaves alone, and the refit it re-queues (JobControlTest has a hung worker's trials re-queued):
 * work another live trainer holds, work that is done, the work of a trainer that said goodbye (the broker gives its
 * messages back itself). The test's worker timeout is 2 s and the scheduled reaper runs every second; the test also
 * runs a pass itself once the worker is gone, to read what it did.
 */
@QuarkusTest
class TrialReaperTest {

    private static final String ONE_CELL = """
            {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    /** A second trainer that keeps beating, on a connection of its own. */
    @RegisterExtension
    static final TrainerDouble liveTrainer = new TrainerDouble();

    @Inject
    TrialReaper reaper;

    private final ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopBeating() {
        beating.shutdownNow();
    }

    @Test
    void aTrialAnotherLiveTrainerHoldsIsNotReQueuedUntilThatOneGoesSilentToo() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL);
        String trial = trainer.take(id, 1, Duration.ofSeconds(10)).get(0).trialId();
        String hung = "hung-" + id.substring(0, 6);
        String alive = "alive-" + id.substring(0, 6);

        // The broker gave the trial to a second trainer after the first one stalled: that one is working on it.
        trainer.heartbeat(hung, id, trial);
        var beats = beating.scheduleAtFixedRate(() -> beat(alive, id, trial), 0, 300, TimeUnit.MILLISECONDS);
        awaitStatus(hung, "gone");
        assertThat(reaper.reap(), not(containsString(trial)));
        assertThat("held by a live trainer", trainer.more(id, Duration.ofSeconds(3)), is(empty()));
        Api.job(token, id).body("trialResults[0].attempts", equalTo(1));

        // Once the second trainer is silent too, nobody works on it: it is sent again (once per gone worker).
        beats.cancel(false);
        awaitStatus(alive, "gone");
        List<TrainingWork> again = trainer.take(id, 1, Duration.ofSeconds(15));
        assertThat(again.stream().map(TrainingWork::trialId).toList(), contains(trial));
    }

    @Test
    void aTrialWhoseResultIsStoredIsNotReQueuedWhenItsTrainerGoesSilent() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL.replace("[0.02]", "[0.02, 0.03]"));
        List<TrainingWork> work = trainer.take(id, 2, Duration.ofSeconds(10));
        TrainingWork done = work.get(0);
        String worker = "done-" + id.substring(0, 6);

        // Its last heartbeat still names the trial it just reported.
        trainer.heartbeat(worker, id, done.trialId());
        trainer.trialDone(done, 0.9, 4);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> (int) Api.job(token, id).extract().path("trialsSucceeded") == 1);
        awaitStatus(worker, "gone");

        assertThat(reaper.reap(), not(containsString(done.trialId())));
        assertThat(trainer.more(id, Duration.ofSeconds(3)), is(empty()));
        Api.job(token, id).body("trialResults.attempts", equalTo(List.of(1, 1)))
                .body("trialsSucceeded", equalTo(1));
    }

    @Test
    void theTrialOfATrainerThatSaidGoodbyeIsLeftToTheBroker() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL);
        String trial = trainer.take(id, 1, Duration.ofSeconds(10)).get(0).trialId();
        String worker = "leaving-" + id.substring(0, 6);

        trainer.heartbeat(worker, id, trial);
        trainer.goodbye(worker, List.of(trial));
        awaitStatus(worker, "stopped");
        // A worker heard after the goodbye goes silent: once it is gone, the leaving one is past the timeout too.
        String witness = "witness-" + id.substring(0, 6);
        trainer.heartbeat(witness, "none", "none/0");
        awaitStatus(witness, "gone");
        awaitStatus(worker, "stopped");
        assertThat(reaper.reap(), not(containsString(trial)));
        assertThat(trainer.more(id, Duration.ofSeconds(3)), is(empty()));
        Api.job(token, id).body("trialResults[0].attempts", equalTo(1));
    }

    @Test
    void theRefitOfATrainerThatWentSilentIsSentAgain() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL);
        trainer.trialDone(trainer.take(id, 1, Duration.ofSeconds(10)).get(0), 0.9, 4);
        List<TrainingWork> refit = trainer.take(id, 1, Duration.ofSeconds(10));
        assertThat(refit, hasSize(1));
        assertThat(refit.get(0).kind(), is(TrainingWork.REFIT));
        Api.job(token, id).body("status", equalTo("refitting"));
        String worker = "refitting-" + id.substring(0, 6);

        trainer.heartbeat(worker, id, id + "/refit");
        List<TrainingWork> again = trainer.take(id, 1, Duration.ofSeconds(15));
        assertThat(again.stream().map(TrainingWork::kind).toList(), contains(TrainingWork.REFIT));
        assertThat(again.get(0).refitEpochs(), equalTo(refit.get(0).refitEpochs()));
        assertThat("once per gone worker", trainer.more(id, Duration.ofSeconds(3)), is(empty()));

        trainer.modelDone(again.get(0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(token, id)));
    }

    private static void beat(String worker, String jobId, String trialId) {
        try {
            liveTrainer.heartbeat(worker, jobId, trialId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(String worker, String status) {
        String admin = Api.admin();
        Awaitility.await().atMost(Duration.ofSeconds(15)).alias(worker + " " + status)
                .until(() -> status.equals(given().auth().oauth2(admin).when().get("/api/monitor/workers").then()
                        .statusCode(200).extract().path("find { it.workerId == '" + worker + "' }.status")));
    }
}
