package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import dev.hud.gateway.schedule.ScheduledJobs;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The scheduled retrain: its job trains the configured 3x3 grid, and its model becomes the default, everyone's, alone.
 */
@QuarkusTest
class RetrainTest {

    @Inject
    ScheduledJobs schedule;

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void eachRetrainsModelBecomesTheDefaultInTurn() throws Exception {
        String someone = Api.newUser();
        String first = retrained(schedule, trainer);
        given().auth().oauth2(someone).when().get("/api/models/" + first).then().statusCode(200)
                .body("isDefault", equalTo(true)).body("shared", equalTo(true));

        String second = retrained(schedule, trainer);
        given().auth().oauth2(someone).when().get("/api/models/" + second).then().statusCode(200).body("isDefault",
                equalTo(true));
        given().auth().oauth2(Api.admin()).when().get("/api/models/" + first).then().statusCode(200).body("isDefault",
                equalTo(false));
    }

    /** Runs what the cron runs, then plays the trainers' side to the model; returns the model's (the job's) id. */
    static String retrained(ScheduledJobs schedule, TrainerDouble trainer) throws Exception {
        String submitted = schedule.submitRetrain();
        String id = submitted.substring(submitted.lastIndexOf(' ') + 1);
        List<TrainingWork> trials = trainer.take(id, 9, Duration.ofSeconds(10));
        assertThat("the configured 3x3 grid", trials, hasSize(9));
        for (TrainingWork trial : trials) {
            trainer.trialDone(trial, 0.95, 6);
        }
        trainer.modelDone(trainer.take(id, 1, Duration.ofSeconds(10)).get(0));
        String admin = Api.admin();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(admin, id)));
        return id;
    }
}
