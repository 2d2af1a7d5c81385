package dev.hud.gateway.auth;

import static dev.hud.gateway.jobs.Api.PASSWORD;
import static dev.hud.gateway.jobs.Api.created;
import static dev.hud.gateway.jobs.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.gateway.media.Cdn;
import dev.hud.gateway.users.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Which token is for whom and for how long ({@link TokenIssuer}): a session is the gateway's for
 * {@code hud.auth.token-lifetime} (8 h); what it makes for other services lasts minutes and opens nothing here.
 */
@QuarkusTest
class TokenAudiencesTest {

    @Inject
    TokenIssuer tokens;

    @Inject
    Cdn cdn;

    private static JsonNode claims(String token) {
        return TokenClaims.of(token);
    }

    private static String audience(JsonNode claims) {
        return TokenClaims.audience(claims);
    }

    private static long lifetime(JsonNode claims) {
        return TokenClaims.secondsLeft(claims);
    }

    private static int gatewayAnswer(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then().extract().statusCode();
    }

    @Test
    void aSessionIsTheGatewaysForTheConfiguredLifetimeAndNamesTheAccountVersion() {
        String name = unique("abe");
        created(name, User.USER);
        long before = System.currentTimeMillis();
        var login = given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(200).extract();
        JsonNode claims = claims(login.path("token"));
        assertEquals("hud", claims.path("iss").asText());
        assertEquals(TokenIssuer.SESSION, audience(claims));
        assertEquals(name, claims.path("upn").asText());
        assertEquals("user", claims.path("groups").path(0).asText());
        assertTrue(claims.path(TokenIssuer.VERSION_CLAIM).isInt(), claims.toString());
        long id = ((Number) given().auth().oauth2((String) login.path("token")).when().get("/api/account").then()
                .extract().path("id")).longValue();
        assertEquals(id, claims.path(TokenIssuer.ACCOUNT_CLAIM).asLong(), "the session names its account");
        long eight = Duration.ofHours(8).toSeconds();
        assertTrue(Math.abs(lifetime(claims) - eight) <= 60, "8 h: " + lifetime(claims) + " s");
        long expiresAt = ((Number) login.path("expiresAt")).longValue();
        assertTrue(Math.abs(expiresAt - (before + eight * 1000)) <= 60_000, "the answer says when it ends");
        assertTrue(login.header("Set-Cookie").contains("Max-Age=" + eight), login.header("Set-Cookie"));
    }

    @Test
    void accessLinksAreTheCdnsForFiveMinutesAndForOneFileOnly() {
        String link = tokens.signMediaAccess("ab".repeat(32));
        JsonNode claims = claims(link);
        assertEquals(TokenIssuer.CDN, audience(claims));
        assertEquals("media", claims.path("groups").path(0).asText());
        assertEquals("ab".repeat(32), claims.path("media").asText());
        assertTrue(lifetime(claims) > 240 && lifetime(claims) <= 300, lifetime(claims) + " s");
        assertEquals(401, gatewayAnswer(link, "/api/auth/me"));
    }

    @Test
    void theTrainersTokenIsTheirsForAMinute() {
        String token = tokens.forTrainers();
        JsonNode claims = claims(token);
        assertEquals(TokenIssuer.TRAINER, audience(claims));
        assertEquals("hud-gateway", claims.path("upn").asText());
        assertEquals("service", claims.path("groups").path(0).asText());
        assertTrue(lifetime(claims) > 0 && lifetime(claims) <= 60, lifetime(claims) + " s");
        assertEquals(401, gatewayAnswer(token, "/api/monitor/workers"));
    }

    /** The gateway's own admin token towards the cdn (media clean-up) must not be an admin key to the gateway. */
    @Test
    void theTokensTheGatewayShowsTheCdnOpenNothingHere() {
        String asGateway = cdn.asGateway().substring("Bearer ".length());
        JsonNode claims = claims(asGateway);
        assertEquals(TokenIssuer.CDN, audience(claims));
        assertTrue(claims.path("groups").toString().contains("admin"), claims.toString());
        assertTrue(lifetime(claims) > 0 && lifetime(claims) <= 60, lifetime(claims) + " s");
        assertEquals(401, gatewayAnswer(asGateway, "/api/users"));

        String asUser = cdn.asUser("admin").substring("Bearer ".length());
        JsonNode userClaims = claims(asUser);
        assertEquals("admin", userClaims.path("upn").asText());
        assertEquals("user", userClaims.path("groups").path(0).asText(), "acts for a person, never as an admin");
        assertEquals(TokenIssuer.CDN, audience(userClaims));
        assertEquals(401, gatewayAnswer(asUser, "/api/account"));
    }

    @Test
    void aSensorsTokenCarriesThePersonButOnlyForTheSensors() {
        var expires = java.time.Instant.now().plus(TokenIssuer.ACCESS_LIFETIME);
        String token = tokens.forSensors("admin", java.util.Set.of("admin"), expires);
        JsonNode claims = claims(token);
        assertEquals(TokenIssuer.SENSORS, audience(claims));
        assertEquals(401, gatewayAnswer(token, "/api/users"));
    }
}
