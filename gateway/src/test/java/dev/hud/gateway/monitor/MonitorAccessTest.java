package dev.hud.gateway.monitor;

import static dev.hud.gateway.jobs.Api.admin;
import static dev.hud.gateway.jobs.Api.newUser;
import static dev.hud.gateway.jobs.Api.submitted;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Who sees what in the monitor (README: any signed-in person sees workers, queues and schedules; a user sees their own
 * jobs' failures, admins every failure).
 */
@QuarkusTest
class MonitorAccessTest {

    private static final String ONE_CELL = "{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"folds\": 2,"
            + " \"epochs\": 2}";

    private static List<String> failureReasons(String token) {
        return given().auth().oauth2(token).when().get("/api/monitor/failures?size=500").then().statusCode(200)
                .extract().jsonPath().getList("reason");
    }

    @Test
    void everyViewNeedsASession() {
        for (String view : List.of("workers", "queues", "failures", "schedules")) {
            given().when().get("/api/monitor/" + view).then().statusCode(401)
                    .contentType(containsString("application/problem+json"));
            given().auth().oauth2("not-a-token").when().get("/api/monitor/" + view).then().statusCode(401);
        }
    }

    @Test
    void anyoneSignedInSeesWorkersQueuesAndSchedules() {
        String user = newUser();
        for (String view : List.of("workers", "queues", "schedules")) {
            given().auth().oauth2(user).when().get("/api/monitor/" + view).then().statusCode(200);
        }
        given().auth().oauth2(user).when().get("/api/monitor/schedules").then()
                .body("name", equalTo(List.of("trial-reaper", "retrain", "media-cleanup")));
    }

    @Test
    void aUserSeesTheFailuresOfTheirOwnJobsAndAdminsSeeAll() throws Exception {
        String owner = newUser();
        String other = newUser();
        String job = submitted(owner, ONE_CELL);
        String reason = "out of memory " + UUID.randomUUID();
        TrainerMessages.failed(job, job + "/0", reason);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failureReasons(admin()).contains(reason));
        given().auth().oauth2(owner).when().get("/api/monitor/failures").then().statusCode(200)
                .body("find { it.reason == '" + reason + "' }.jobId", equalTo(job))
                .body("find { it.reason == '" + reason + "' }.trialId", equalTo(job + "/0"))
                .body("find { it.reason == '" + reason + "' }.workerId", equalTo("double-7"))
                .body("find { it.reason == '" + reason + "' }.source", equalTo("trainer"))
                .body("jobId", everyItem(equalTo(job)));
        given().auth().oauth2(other).when().get("/api/monitor/failures").then().statusCode(200)
                .body("reason", not(hasItem(reason))).body("$", hasSize(0));
        // The failure is the job's too: it had one cell.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(
                given().auth().oauth2(owner).when().get("/api/training-jobs/" + job).then().extract().path("status")));
    }

    @Test
    void failuresComeNewestFirstAndTheSizeIsBounded() throws Exception {
        String owner = newUser();
        String first = submitted(owner, ONE_CELL);
        String second = submitted(owner, ONE_CELL);
        TrainerMessages.failed(first, first + "/0", "first failure");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failureReasons(owner).size() == 1);
        TrainerMessages.failed(second, second + "/0", "second failure");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failureReasons(owner).size() == 2);
        given().auth().oauth2(owner).when().get("/api/monitor/failures").then()
                .body("reason", equalTo(List.of("second failure", "first failure")));
        given().auth().oauth2(owner).when().get("/api/monitor/failures?size=1").then()
                .body("reason", equalTo(List.of("second failure")));
        given().auth().oauth2(owner).when().get("/api/monitor/failures?size=0").then().body("$", hasSize(1));
    }
}
