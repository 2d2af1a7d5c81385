package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Service tokens for HUD's own services, for the shared service secret (test: service-test-secret). */
@QuarkusTest
class ServiceTokensTest {

    @Test
    void theRightSecretGetsATokenForTheCdnOnly() throws Exception {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("service", "trainer", "secret", "service-test-secret"))
                .when().post("/api/auth/service-token")
                .then().statusCode(200).body("service", equalTo("trainer")).extract().path("token");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("hud-trainer", claims.path("upn").asText());
        assertEquals("service", claims.path("groups").path(0).asText());
        assertEquals("hud-cdn",
                claims.path("aud").isArray() ? claims.path("aud").path(0).asText() : claims.path("aud").asText());
        // It is no key to the gateway's API: its audience is the cdn.
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(token).when().get("/api/users").then().statusCode(401);
    }

    @Test
    void aWrongSecretOrNameIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of("service", "trainer", "secret", "guess"))
                .when().post("/api/auth/service-token").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("service", "Trainer!", "secret", "service-test-secret"))
                .when().post("/api/auth/service-token").then().statusCode(400)
                .body("errors[0].field", equalTo("service"));
    }

}
