package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Learning curves: points of running trials as the trainers send them (many to a message), per fold and trial; the
 * stored curves once a trial ended; and nothing of a job to anyone but its owner and admins.
 */
@QuarkusTest
class JobCurvesTest {

    private static final String TWO_CELLS = """
            {"grid": {"learningRate": [0.02, 0.03], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void runningTrialsShowTheirPointsPerFoldAndTheStoredCurvesOnceTheyEnded() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS);
        List<TrainingWork> work = sorted(trainer.take(id, 2, Duration.ofSeconds(10)));
        trainer.progress(id + "/1", 0, 4);
        trainer.progress(id + "/1", 1, 2);
        trainer.progress(id + "/0", 1, 3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> points(token, id, "?trial=1", 1) == 2);

        // One trial asked for: its folds in order, each point [epoch, train loss, train acc, val loss, val acc].
        JsonPath one = curves(token, id, "?trial=1");
        assertThat(one.getList("idx"), contains(1));
        assertThat(one.getString("[0].trialId"), is(id + "/1"));
        assertThat(one.getString("[0].status"), is("queued"));
        assertThat(one.getList("[0].folds.fold"), contains(0, 1));
        assertThat(one.getList("[0].folds[0].points"), hasSize(4));
        assertThat(one.getDouble("[0].folds[0].points[3][0]"), closeTo(4.0, 1e-6));
        assertThat(one.getDouble("[0].folds[0].points[3][1]"), closeTo(0.25, 1e-6));
        assertThat(one.getDouble("[0].folds[0].points[3][2]"), closeTo(0.54, 1e-6));
        assertThat(one.getDouble("[0].folds[0].points[3][3]"), closeTo(1.1 / 4, 1e-6));
        assertThat(one.getDouble("[0].folds[0].points[3][4]"), closeTo(0.5 + 4 / 110.0, 1e-6));
        assertThat("running folds have no best epoch yet", one.get("[0].folds[0].bestEpoch"), nullValue());
        // Every trial, in grid order, each with its own points only.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> points(token, id, "", 0) == 1);
        JsonPath all = curves(token, id, "");
        assertThat(all.getList("idx"), contains(0, 1));
        assertThat(all.getList("[0].folds.fold"), contains(1));
        assertThat(all.getList("[0].folds[0].points"), hasSize(3));
        assertThat(all.getDouble("[1].cell.learningRate"), closeTo(0.03, 1e-6));

        // Points keep coming in later messages: they add to the fold.
        trainer.progress(id + "/1", 1, 5);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> curves(token, id, "?trial=1").getList("[0].folds[1].points").size() == 7);

        // Once the trial ended, its curves are the stored ones: every fold, with its best and stopped epochs.
        trainer.trialDone(work.get(1), 0.95, 3);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "succeeded".equals(curves(token, id, "?trial=1").getString("[0].status")));
        JsonPath ended = curves(token, id, "?trial=1");
        assertThat(ended.getList("[0].folds.fold"), contains(0, 1));
        assertThat(ended.getInt("[0].folds[0].bestEpoch"), is(3));
        assertThat(ended.getInt("[0].folds[0].stoppedEpoch"), is(5));
        assertThat(ended.getList("[0].folds[1].points"), hasSize(5));
        assertThat(ended.getDouble("[0].folds[1].points[4][4]"), closeTo(0.95, 1e-6));
        // The other trial still runs, with its live points.
        assertThat(curves(token, id, "?trial=0").getList("[0].folds[0].points"), hasSize(3));
    }

    @Test
    void aFailedTrialHasNoCurves() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS);
        List<TrainingWork> work = sorted(trainer.take(id, 2, Duration.ofSeconds(10)));
        trainer.progress(id + "/0", 0, 3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> points(token, id, "?trial=0", 0) == 1);

        trainer.failed(work.get(0), "out of memory");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "failed".equals(curves(token, id, "?trial=0").getString("[0].status")));
        assertThat(curves(token, id, "?trial=0").getList("[0].folds"), is(empty()));
    }

    @Test
    void someoneElsesJobDoesNotExistForThemAnywhere() throws Exception {
        String owner = Api.newUser();
        String other = Api.newUser();
        String id = Api.submitted(owner, TWO_CELLS);
        List<TrainingWork> work = sorted(trainer.take(id, 2, Duration.ofSeconds(10)));
        trainer.progress(id + "/0", 0, 2);

        for (String path : List.of("", "/curves", "/curves?trial=0")) {
            given().auth().oauth2(other).when().get("/api/training-jobs/" + id + path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(other).accept("text/event-stream").when().get("/api/training-jobs/" + id + "/events")
                .then().statusCode(404);
        given().auth().oauth2(other).when().post("/api/training-jobs/" + id + "/cancel").then().statusCode(404);
        // The refused cancel changed nothing.
        Api.job(owner, id).body("status", not(equalTo("cancelled"))).body("trialResults.status",
                everyItem(equalTo("queued")));

        trainer.failed(work.get(0), "out of memory");
        trainer.trialDone(work.get(1), 0.9, 3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(Api.status(owner, id)));
        given().auth().oauth2(other).when().post("/api/training-jobs/" + id + "/retry").then().statusCode(404);
        Api.job(owner, id).body("status", equalTo("failed")).body("trialResults[0].attempts", equalTo(1));
        assertThat("nothing was sent again", trainer.more(id, Duration.ofSeconds(2)), is(empty()));

        // Its owner and admins see it; a job that does not exist is the same 404 for everyone.
        given().auth().oauth2(Api.admin()).when().get("/api/training-jobs/" + id + "/curves").then().statusCode(200)
                .body("idx", contains(0, 1));
        given().auth().oauth2(owner).when().get("/api/training-jobs/no-such-job/curves").then().statusCode(404);
        given().auth().oauth2(Api.admin()).when().post("/api/training-jobs/no-such-job/retry").then()
                .statusCode(404);
    }

    private static JsonPath curves(String token, String id, String query) {
        return given().auth().oauth2(token).when().get("/api/training-jobs/" + id + "/curves" + query).then()
                .statusCode(200).extract().jsonPath();
    }

    /** How many folds of the trial have points. */
    private static int points(String token, String id, String query, int trial) {
        return curves(token, id, query).getList("find { it.idx == " + trial + " }.folds").size();
    }

    private static List<TrainingWork> sorted(List<TrainingWork> work) {
        var copy = new ArrayList<>(work);
        copy.sort(Comparator.comparing(TrainingWork::trialId));
        return copy;
    }
}
