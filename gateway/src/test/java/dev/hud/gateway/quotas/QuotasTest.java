package dev.hud.gateway.quotas;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Quotas against the real PostgreSQL; no trainer takes the work here, so submitted jobs stay queued. */
@QuarkusTest
class QuotasTest {

    /** 2 cells x 5 folds x 55 epochs = 550 epochs of training. */
    private static final String JOB = "{\"grid\": {\"learningRate\": [0.02, 0.03], \"momentum\": [0.4]},"
            + " \"folds\": 5, \"epochs\": 55}";

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
    }

    private static String admin() {
        return login("admin", "admin-test-password");
    }

    /** A new user with these limits; returns their token. */
    private static String userWith(Map<String, Object> limits) {
        String name = "quota-" + UUID.randomUUID().toString().substring(0, 8);
        long id = ((Number) given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "a long password", "role", "user"))
                .when().post("/api/users").then().statusCode(201).extract().path("id")).longValue();
        var body = new HashMap<String, Object>(Map.of());
        body.put("activeJobs", null);
        body.put("fitEpochsPerJob", null);
        body.put("fitEpochsPerDay", null);
        body.putAll(limits);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body)
                .when().put("/api/users/" + id + "/quota").then().statusCode(200);
        return login(name, "a long password");
    }

    private static int submit(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(JOB)
                .when().post("/api/training-jobs").then().extract().statusCode();
    }

    @Test
    void jobsAtOnceAreLimited() {
        String token = userWith(Map.of("activeJobs", 1));
        assertEquals(202, submit(token));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(JOB).when().post("/api/training-jobs")
                .then().statusCode(429).contentType(containsString("application/problem+json"))
                .body("detail", containsString("at most 1"));
        given().auth().oauth2(token).when().get("/api/account/quota").then().statusCode(200)
                .body("activeJobs", equalTo(1)).body("activeJobsNow", equalTo(1)).body("fitEpochsToday", equalTo(550));
    }

    @Test
    void aJobsWorkAndADaysWorkAreLimited() {
        given().auth().oauth2(userWith(Map.of("fitEpochsPerJob", 500))).contentType(ContentType.JSON).body(JOB)
                .when().post("/api/training-jobs").then().statusCode(429).body("detail", containsString("per job"));

        String token = userWith(Map.of("fitEpochsPerDay", 1000));
        assertEquals(202, submit(token));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(JOB).when().post("/api/training-jobs")
                .then().statusCode(429).body("detail", containsString("a day"));
    }

    @Test
    void simultaneousSubmissionsCannotAllTakeTheLastPlaces() throws Exception {
        String token = userWith(Map.of("activeJobs", 2));
        var pool = Executors.newFixedThreadPool(6);
        var go = new CountDownLatch(1);
        List<Callable<Integer>> submissions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            submissions.add(() -> {
                go.await();
                return submit(token);
            });
        }
        List<Future<Integer>> answers = submissions.stream().map(pool::submit).toList();
        go.countDown();
        int accepted = 0;
        for (Future<Integer> answer : answers) {
            accepted += answer.get() == 202 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(2, accepted, "two places, six submissions at once");
    }

    @Test
    void onlyAdminsSetLimitsAndTheyAreChecked() {
        String token = userWith(Map.of());
        long id = ((Number) given().auth().oauth2(token).when().get("/api/account").then().extract().path("id"))
                .longValue();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("activeJobs", 100))
                .when().put("/api/users/" + id + "/quota").then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"activeJobs\": -1}")
                .when().put("/api/users/" + id + "/quota").then().statusCode(400)
                .body("errors.field", hasItem("activeJobs"));
        given().auth().oauth2(admin()).when().get("/api/users/999999999/quota").then().statusCode(404);
    }
}
