package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Service tokens for HUD's own services, for the shared service secret (test: service-test-secret). */
@QuarkusTest
class ServiceTokensTest {

    @Test
    void theRightSecretGetsAServiceToken() throws Exception {
        String token = given().contentType(ContentType.JSON).body(Map.of("service", "trainer", "secret", "service-test-secret"))
                .when().post("/api/auth/service-token")
                .then().statusCode(200).body("service", equalTo("trainer")).extract().path("token");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("hud-trainer")).body("role", equalTo("service"));
        // It is no user's token: user endpoints refuse it.
        given().auth().oauth2(token).when().get("/api/users").then().statusCode(403);
    }

    @Test
    void aWrongSecretOrNameIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("service", "trainer", "secret", "guess"))
                .when().post("/api/auth/service-token").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("service", "Trainer!", "secret", "service-test-secret"))
                .when().post("/api/auth/service-token").then().statusCode(400).body("errors[0].field", equalTo("service"));
    }

}
