package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;

/** The comparison table shows finished jobs a caller may see, whatever ids they name; admins see everyone's. */
@QuarkusTest
class JobComparisonTest {

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void namingSomeoneElsesJobShowsNothingOfIt() throws Exception {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String alices = finished(alice, "alice's");
        String bobs = finished(bob, "bob's");

        given().auth().oauth2(bob).queryParam("ids", alices + "," + bobs).when().get("/api/training-jobs/comparison")
                .then()
                .statusCode(200).body("id", contains(bobs));
        given().auth().oauth2(bob).queryParam("ids", alices).when().get("/api/training-jobs/comparison").then()
                .statusCode(200).body("$", empty());
        given().auth().oauth2(bob).when().get("/api/training-jobs/comparison").then()
                .statusCode(200).body("id", hasItem(bobs)).body("id", not(hasItem(alices)));
        given().auth().oauth2(Api.admin()).queryParam("ids", alices + "," + bobs).when()
                .get("/api/training-jobs/comparison").then()
                .statusCode(200).body("id", hasItems(alices, bobs));
    }

    /** A job played to its end by the trainer double: every trial's result, then the refit's model. */
    private String finished(String token, String name) throws Exception {
        String id = Api.submitted(token, Api.SMALL_GRID.formatted(name));
        List<TrainingWork> trials = trainer.take(id, 4, Duration.ofSeconds(10));
        for (TrainingWork trial : trials) {
            trainer.trialDone(trial, 0.95, 6);
        }
        trainer.modelDone(trainer.take(id, 1, Duration.ofSeconds(10)).get(0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(token, id)));
        return id;
    }
}
