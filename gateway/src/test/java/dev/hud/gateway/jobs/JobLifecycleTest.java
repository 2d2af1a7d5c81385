package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job from submission to its registered model, with the trainers' side played over the real
 * broker: the trial messages the gateway sends, the results it stores, the refit it asks for, the
 * model it registers, and what the API and the event stream show on the way.
 */
@QuarkusTest
class JobLifecycleTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void aJobGoesFromSubmissionToARegisteredModel() throws Exception {
        String token = Api.newUser();
        var submitted = Api.submit(token, Api.SMALL_GRID.formatted("lifecycle"))
                .statusCode(202)
                .header("Location", containsString("/api/training-jobs/"))
                .body("status", equalTo("queued"))
                .body("trials", equalTo(4))
                .body("device", equalTo("cpu"))
                .extract();
        String id = submitted.path("id");
        assertThat(submitted.header("Location"), endsWith("/api/training-jobs/" + id));

        // Every cell is one persistent trial message on the device's queue, carrying the job's search settings.
        List<TrainingWork> work = trainer.take(id, 4, Duration.ofSeconds(10));
        assertThat(work, hasSize(4));
        for (TrainingWork message : work) {
            assertThat(message.schema(), is(TrainingWork.SCHEMA));
            assertThat(message.kind(), is(TrainingWork.TRIAL));
            assertThat(message.search().folds(), is(3));
            assertThat(message.search().earlyStoppingPatience(), is(3));
            assertThat(message.cells(), hasSize(1));
            assertThat(message.cells().get(0).epochs(), is(20));
            assertThat("a trainer holding all of them starts at once", message.jobTrials(), is(4));
        }
        assertThat(work.stream().map(TrainingWork::trialId).toList(),
                containsInAnyOrder(id + "/0", id + "/1", id + "/2", id + "/3"));

        var events = new CopyOnWriteArrayList<String>();
        Thread reader = new Thread(() -> readEvents(token, id, events));
        reader.setDaemon(true);
        reader.start();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> events.stream().anyMatch(line -> line.startsWith("event:job")));

        // Results arrive; the third cell is the best. A result delivered twice is counted once.
        double[] accuracy = { 0.95, 0.96, 0.975, 0.97 };
        for (TrainingWork message : work.subList(0, 3)) {
            trainer.trialDone(message, accuracy[idx(message)], 6);
        }
        trainer.trialDone(work.get(0), accuracy[idx(work.get(0))], 6);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> (int) Api.job(token, id).extract().path("trialsSucceeded") == 3);
        Api.job(token, id).statusCode(200).body("status", equalTo("running")).body("progress", Api.near(60.0));
        trainer.trialDone(work.get(3), accuracy[idx(work.get(3))], 6);

        // The last result picks the best cell and asks for the refit: the folds' mean best epoch.
        List<TrainingWork> refit = trainer.take(id, 1, Duration.ofSeconds(10));
        assertThat(refit, hasSize(1));
        assertThat(refit.get(0).kind(), is(TrainingWork.REFIT));
        assertThat(refit.get(0).refitEpochs(), is(6));
        assertThat(refit.get(0).cells().get(0).learningRate(), is(0.03));
        assertThat(refit.get(0).cells().get(0).momentum(), is(0.4));
        Api.job(token, id).body("status", equalTo("refitting")).body("best.trial", equalTo(2))
                .body("best.cvAccuracy", Api.near(0.975)).body("best.refitEpochs", equalTo(6));

        trainer.modelDone(refit.get(0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(token, id)));
        Api.job(token, id)
                .body("progress", Api.near(100.0))
                .body("modelId", equalTo(id))
                .body("holdout.accuracy", Api.near(0.98))
                .body("devices", hasItem("cpu: test"))
                .body("wallSeconds", notNullValue())
                .body("trialResults", hasSize(4))
                .body("trialResults[2].meanAccuracy", Api.near(0.975))
                .body("trialResults[2].stoppedEpochs", equalTo(List.of(8, 8, 8)))
                .body("trialResults[0].attempts", equalTo(1))
                .body("request.grid.learningRate", equalTo(List.of(0.02f, 0.03f)));

        // The model is registered, with a download link on the app's own origin.
        given().auth().oauth2(token).when().get("/api/models/" + id).then().statusCode(200)
                .body("cell.learningRate", Api.near(0.03))
                .body("refitEpochs", equalTo(6))
                .body("cvAccuracy", Api.near(0.975))
                .body("download", equalTo("/media/" + "ab".repeat(32)))
                .body("outOfBag", equalTo(null));
        given().auth().oauth2(token).redirects().follow(false).when().get("/api/models/" + id + "/download").then()
                .statusCode(303).header("Location", containsString("/media/" + "ab".repeat(32) + "?access="));
        given().auth().oauth2(token).when().get("/api/models").then().statusCode(200).body("id", hasItem(id));

        // Private by default: to another user the model does not exist, until its owner shares it.
        String other = Api.newUser();
        given().auth().oauth2(other).when().get("/api/models/" + id).then().statusCode(404);
        given().auth().oauth2(other).redirects().follow(false).when().get("/api/models/" + id + "/download").then()
                .statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body("{\"rows\": []}")
                .when().post("/api/models/" + id + "/predictions").then().statusCode(404);
        given().auth().oauth2(other).when().get("/api/models").then().body("id",
                Matchers.not(hasItem(id)));
        given().auth().oauth2(Api.admin()).when().get("/api/models/" + id).then().statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body("{\"shared\": true}")
                .when().put("/api/models/" + id + "/sharing").then().statusCode(200).body("shared", equalTo(true));
        given().auth().oauth2(other).when().get("/api/models/" + id).then().statusCode(200);
        given().auth().oauth2(other).contentType("application/json").body("{\"shared\": false}")
                .when().put("/api/models/" + id + "/sharing").then().statusCode(403);
        given().auth().oauth2(token).contentType("application/json").body("{\"shared\": false}")
                .when().put("/api/models/" + id + "/sharing").then().statusCode(200);
        given().auth().oauth2(other).when().get("/api/models/" + id).then().statusCode(404);

        // Learning curves of every fold, from the stored results.
        given().auth().oauth2(token).when().get("/api/training-jobs/" + id + "/curves?trial=2").then().statusCode(200)
                .body("[0].folds", hasSize(3))
                .body("[0].folds[0].stoppedEpoch", equalTo(8))
                .body("[0].folds[0].points", hasSize(8))
                .body("[0].folds[0].points[0][0]", Api.near(1.0));

        // The comparison table has the job as a row of the seed experiment's table.
        given().auth().oauth2(token).when().get("/api/training-jobs/comparison").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.grid", equalTo("2x2"))
                .body("find { it.id == '" + id + "' }.holdoutAccuracy", Api.near(0.98));

        // The stream told the browser each trial and the job's changes, up to success.
        Awaitility.await().atMost(Duration.ofSeconds(5)).alias("the stream's events: " + events)
                .until(() -> events.stream()
                        .anyMatch(line -> line.contains("\"succeeded\"") && line.contains("\"modelId\"")));
        assertThat(events.stream().filter(line -> line.startsWith("event:trial")).count(), greaterThanOrEqualTo(4L));
        reader.interrupt();
    }

    @Test
    void aJobRunsFromTheMomentATrainerTakesIt() throws Exception {
        String token = Api.newUser();
        String id = Api.submit(token, Api.SMALL_GRID.formatted("taken")).statusCode(202).extract().path("id");
        List<TrainingWork> work = trainer.take(id, 4, Duration.ofSeconds(10));
        assertThat(work, hasSize(4));
        Api.job(token, id).body("status", equalTo("queued")).body("startedAt", nullValue());

        // Trainers announce what they take with a heartbeat at once; the job is running before any epoch ends.
        trainer.took(List.of(id + "/0", id + "/1"));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "running".equals(Api.job(token, id).extract().path("status")));
        String startedAt = Api.job(token, id).body("startedAt", notNullValue()).extract().path("startedAt");

        // The running trial's curves so far, from points that travel many to a message.
        trainer.progress(id + "/1", 2, 3);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.curves(token, id).getInt("find { it.idx == 1 }.folds.size()") == 1);
        var fold = Api.curves(token, id);
        assertThat(fold.getInt("find { it.idx == 1 }.folds[0].fold"), is(2));
        assertThat(fold.getInt("find { it.idx == 1 }.folds[0].points.size()"), is(3));
        assertThat(fold.getDouble("find { it.idx == 1 }.folds[0].points[2][0]"), is(3.0));

        // Later heartbeats of the same work change nothing.
        trainer.took(List.of(id + "/0", id + "/1", id + "/2", id + "/3"));
        trainer.trialDone(work.get(0), 0.9, 5);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> (int) Api.job(token, id).extract().path("trialsSucceeded") == 1);
        Api.job(token, id).body("status", equalTo("running")).body("startedAt", equalTo(startedAt));
    }

    @Test
    void jobsAreListedNewestFirstAndFiltered() {
        String token = Api.newUser();
        String first = Api.submitted(token, Api.SMALL_GRID.formatted("first"));
        String second = Api.submitted(token, Api.SMALL_GRID.formatted("second"));
        given().auth().oauth2(token).when().get("/api/training-jobs?size=1").then().statusCode(200)
                .body("total", equalTo(2)).body("items", hasSize(1)).body("items[0].id", equalTo(second));
        given().auth().oauth2(token).when().get("/api/training-jobs?size=1&page=1").then().body("items[0].id",
                equalTo(first));
        given().auth().oauth2(token).when().get("/api/training-jobs?status=succeeded").then().body("total", equalTo(0));
        given().auth().oauth2(token).when().get("/api/training-jobs?status=queued").then().body("total", equalTo(2));
    }

    private static int idx(TrainingWork work) {
        return Integer.parseInt(work.trialId().substring(work.trialId().lastIndexOf('/') + 1));
    }

    private void readEvents(String token, String id, List<String> lines) {
        var request = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/training-jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        try {
            var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null && !Thread.currentThread().isInterrupted()) {
                    lines.add(line.replace("event: ", "event:").replace("data: ", "data:"));
                }
            }
        } catch (Exception e) {
            // the test ends the stream
        }
    }
}
