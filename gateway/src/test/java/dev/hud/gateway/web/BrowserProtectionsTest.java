package dev.hud.gateway.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class BrowserProtectionsTest {

    @TestHTTPResource("/")
    URI site;

    @Test
    void everyPageForbidsInlineScriptFramingAndSniffing() {
        for (String path : new String[] { "/", "/login", "/training", "/api/auth/me", "/no-such-page" }) {
            given().when().get(path).then()
                    .header("Content-Security-Policy", containsString("script-src 'self';"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-eval")))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"))
                    .header("Strict-Transport-Security", nullValue()); // plain HTTP here
        }
    }

    @Test
    void aChangeMadeWithTheSessionCookieMustComeFromThisSite() {
        String cookie = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200).extract().cookie("hud_token");
        String job = "{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"folds\": 1}";
        String origin = site.getScheme() + "://" + site.getRawAuthority();

        given().cookie("hud_token", cookie).header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(job)
                .when().post("/api/training-jobs").then().statusCode(403)
                .contentType(containsString("application/problem+json")).body("detail", containsString("evil.example"));
        given().cookie("hud_token", cookie).contentType(ContentType.JSON).body(job)
                .when().post("/api/training-jobs").then().statusCode(403); // no Origin, no Referer
        given().cookie("hud_token", cookie).header("Referer", "https://evil.example/page").contentType(ContentType.JSON)
                .body(job)
                .when().post("/api/training-jobs").then().statusCode(403);

        // From a page of this site the route itself answers (here: folds 1 is refused by validation).
        given().cookie("hud_token", cookie).header("Origin", origin).contentType(ContentType.JSON).body(job)
                .when().post("/api/training-jobs").then().statusCode(400).body("errors[0].field", equalTo("folds"));
        given().cookie("hud_token", cookie).header("Referer", origin + "/training").contentType(ContentType.JSON)
                .body(job)
                .when().post("/api/training-jobs").then().statusCode(400);
        // A bearer token is not something a foreign page can make a browser send.
        given().auth().oauth2(cookie).header("Origin", "https://evil.example").contentType(ContentType.JSON).body(job)
                .when().post("/api/training-jobs").then().statusCode(400);
    }
}
