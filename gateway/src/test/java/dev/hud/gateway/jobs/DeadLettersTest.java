package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Trainer events the gateway cannot apply: each goes to the dead letters with its reason, is listed among the
 * monitor's failures, and the events after it are applied as usual.
 */
@QuarkusTest
class DeadLettersTest {

    private static final String ONE_CELL = """
            {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "training.trial     | not json at all                                                  | unreadable"
                    + " training.trial event",
            "training.trial     | {'schema': 'hud.trial-completed/v1', 'jobId': 'j', 'trialId': 'j/0',"
                    + " 'meanAccuracy': 0.9} | folds and cell are required",
            "training.trial     | {'schema': 'hud.trial-completed/v1', 'trialId': 'j/0', 'cell': {'learningRate':"
                    + " 0.1, 'momentum': 0.4, 'batchSize': 5, 'epochs': 9, 'optimizer': 'sgd'}, 'folds': []} | jobId"
                    + " is required",
            "training.model     | {'schema': 'hud.model-completed/v1', 'jobId': 'j', 'modelId': 'j'} | modelId, cell,"
                    + " holdout and features are required",
            "training.failed    | {'schema': 'hud.work-failed/v0', 'jobId': 'j', 'trialId': 'j/0', 'reason': 'x'} |"
                    + " schema 'hud.work-failed/v0', expected hud.work-failed/v1",
            "training.cancelled | {'schema': 'hud.work-cancelled/v1', 'trialId': 'j/0'}           | jobId is required",
            "training.trial     | {'schema': 'hud.trial-completed/v1', 'jobId': 7, 'folds': {'no': 'list'}} |"
                    + " unreadable training.trial event",
    })
    void anEventTheGatewayCannotApplyIsDeadLetteredWithItsReasonAndListed(String routingKey, String body,
            String reason) throws Exception {
        String dead = trainer.listen("hud.training.dlx");
        long before = lastFailureId();
        String marker = UUID.randomUUID().toString();
        // A marker in the body tells this event's dead letter from others'.
        String sent = body.startsWith("{")
                ? body.replace('\'', '"').replaceFirst("\\{", "{\"note\": \"" + marker + "\", ")
                : body + " " + marker;
        trainer.publish(routingKey, sent.getBytes(StandardCharsets.UTF_8));

        GetResponse letter = letterWith(dead, marker);
        assertThat("dead-lettered", letter, notNullValue());
        // The body is kept as it was sent (JSON as the same JSON).
        if (body.startsWith("{")) {
            assertThat(json.readTree(TrainerDouble.text(letter)), equalTo(json.readTree(sent)));
        } else {
            assertThat(TrainerDouble.text(letter), equalTo(sent));
        }
        assertThat(String.valueOf(TrainerDouble.header(letter, "x-hud-reason")), containsString(reason));
        assertThat(TrainerDouble.header(letter, "x-hud-worker"), equalTo("gateway"));

        // Listed for admins among the failures recorded since it was sent.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> failuresSince(before).stream()
                .anyMatch(failure -> "gateway".equals(failure.get("source"))
                        && String.valueOf(failure.get("reason")).contains(reason)));
    }

    @Test
    void eventsAfterAnUnreadableOneAreApplied() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, ONE_CELL);
        TrainingWork work = trainer.take(id, 1, Duration.ofSeconds(10)).get(0);

        for (int i = 0; i < 20; i++) {
            trainer.publish("training.trial", ("{\"schema\": \"hud.trial-completed/v1\", \"jobId\": \"" + id
                    + "\", \"trialId\": \"" + work.trialId() + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        trainer.trialDone(work, 0.92, 4);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> (int) Api.job(token, id).extract().path("trialsSucceeded") == 1);
        Api.job(token, id).body("status", equalTo("refitting")).body("trialResults[0].meanAccuracy", Api.near(0.92));
    }

    @Test
    void anUnreadableResultOfAJobIsShownToItsOwnerAndAdminsOnly() throws Exception {
        String owner = Api.newUser();
        String other = Api.newUser();
        String id = Api.submitted(owner, ONE_CELL);
        TrainingWork work = trainer.take(id, 1, Duration.ofSeconds(10)).get(0);

        trainer.publish("training.trial", ("{\"schema\": \"hud.trial-completed/v1\", \"jobId\": \"" + id
                + "\", \"trialId\": \"" + work.trialId() + "\", \"meanAccuracy\": 0.9}")
                .getBytes(StandardCharsets.UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(owner).when()
                .get("/api/monitor/failures").then().statusCode(200).extract().<List<String>>path("jobId")
                .contains(id));
        given().auth().oauth2(owner).when().get("/api/monitor/failures").then()
                .body("find { it.jobId == '" + id + "' }.source", equalTo("gateway"))
                .body("find { it.jobId == '" + id + "' }.trialId", equalTo(work.trialId()))
                .body("find { it.jobId == '" + id + "' }.reason", containsString("folds and cell are required"))
                .body("jobId", everyItem(equalTo(id)));
        given().auth().oauth2(other).when().get("/api/monitor/failures").then().statusCode(200)
                .body("jobId", not(hasItem(id)));
        given().auth().oauth2(Api.admin()).when().get("/api/monitor/failures").then().body("jobId", hasItem(id));
    }

    @Test
    void peopleSeeTheFailuresOfTheirOwnJobsNewestFirstAndAdminsEveryonesAndTheGatewaysOwn() throws Exception {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String hers = Api.submitted(alice, ONE_CELL);
        String his = Api.submitted(bob, ONE_CELL);
        trainer.failed(trainer.take(hers, 1, Duration.ofSeconds(10)).get(0), "her trial ran out of memory");
        trainer.failed(trainer.take(his, 1, Duration.ofSeconds(10)).get(0), "his trial ran out of memory");
        String admin = Api.admin();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(Api.status(alice, hers))
                && "failed".equals(Api.status(bob, his)));
        trainer.publish("training.failed", "{".getBytes(StandardCharsets.UTF_8)); // a failure of no job: admins'

        given().auth().oauth2(alice).when().get("/api/monitor/failures").then().statusCode(200)
                .body("reason", hasItem("her trial ran out of memory"))
                .body("reason", not(hasItem("his trial ran out of memory")))
                .body("jobId", everyItem(equalTo(hers)));
        given().auth().oauth2(bob).when().get("/api/monitor/failures").then()
                .body("jobId", everyItem(equalTo(his)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(admin).when()
                .get("/api/monitor/failures").then().extract().<List<String>>path("reason").stream()
                .anyMatch(reason -> reason.startsWith("unreadable training.failed event")));
        given().auth().oauth2(admin).when().get("/api/monitor/failures?size=3").then().statusCode(200)
                .body("$", hasSize(3))
                .body("jobId", hasItem(hers)).body("jobId", hasItem(his))
                .body("[0].reason", containsString("unreadable training.failed event"));
        given().auth().oauth2(admin).when().get("/api/monitor/failures?size=1").then().body("$", hasSize(1));
        given().when().get("/api/monitor/failures").then().statusCode(401);
    }

    @Test
    void aFailureReportThatCanNeverBeStoredIsDeadLetteredNotRetriedForever() throws Exception {
        String dead = trainer.listen("hud.training.dlx");
        String marker = UUID.randomUUID().toString();
        // Job ids are at most 40 characters: this report cannot be stored however often it is tried.
        String sent = ("{'schema': 'hud.work-failed/v1', 'jobId': '" + "j".repeat(60) + "', 'trialId': '"
                + "j".repeat(60)
                + "/0', 'reason': '" + marker + "', 'workerId': 'w'}").replace('\'', '"');
        trainer.publish("training.failed", sent.getBytes(StandardCharsets.UTF_8));

        GetResponse letter = letterWith(dead, marker);
        assertThat("dead-lettered", letter, notNullValue());
        assertThat(String.valueOf(TrainerDouble.header(letter, "x-hud-reason")), containsString("training.failed"));
    }

    /** The newest failure's id that an admin sees (0: none yet). */
    private static long lastFailureId() {
        List<Number> ids = given().auth().oauth2(Api.admin()).when().get("/api/monitor/failures?size=1").then()
                .statusCode(200).extract().path("id");
        return ids.isEmpty() ? 0 : ids.get(0).longValue();
    }

    private static List<java.util.Map<String, Object>> failuresSince(long id) {
        List<java.util.Map<String, Object>> all = given().auth().oauth2(Api.admin()).when()
                .get("/api/monitor/failures?size=500").then().statusCode(200).extract().path("$");
        return all.stream().filter(failure -> ((Number) failure.get("id")).longValue() > id).toList();
    }

    /** The dead letter carrying the marker, within the time (others' letters are passed over). */
    private static GetResponse letterWith(String queue, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse response = trainer.next(queue, Duration.ofMillis(500));
            if (response != null && TrainerDouble.text(response).contains(marker)) {
                return response;
            }
        }
        return null;
    }
}
