package dev.hud.gateway.datasets;

import static dev.hud.gateway.jobs.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A gateway without a cdn (the tests' default) keeps no data set anywhere: it says so before reading the file. */
@QuarkusTest
class NoCdnUploadTest {

    @Test
    void anUploadIsAnsweredServiceUnavailableNamingTheSetting() {
        given().auth().oauth2(newUser()).contentType("text/csv")
                .body(DatasetsTest.gaussians(20, 4).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/datasets?name=x&label=class&missing=drop").then().statusCode(503)
                .contentType(containsString("application/problem+json"))
                .body("detail", equalTo("no cdn is configured (hud.media.cdn-url)"));
        // Its list and the built-in data set's page still answer.
        given().auth().oauth2(newUser()).when().get("/api/datasets/wdbc/profile").then().statusCode(200)
                .body("relevance.size()", equalTo(30));
    }

    @Test
    void anUploadWithoutASessionIsRefusedBeforeAnything() {
        given().contentType("text/csv").body("a,class\n1,x\n2,y\n").when().post("/api/datasets?name=x&label=class")
                .then().statusCode(401);
    }
}
