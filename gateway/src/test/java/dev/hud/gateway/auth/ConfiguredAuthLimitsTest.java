package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The limits an operator sets ({@code hud.auth.*}) are the ones applied: sessions last {@code token-lifetime}, and
 * failed logins are held back after {@code max-failures} per name and client, {@code max-failures-per-address} per
 * client. Each test is its own client (a forwarded address, believed from this machine as from a trusted proxy).
 */
@QuarkusTest
@TestProfile(ConfiguredAuthLimitsTest.TightLimits.class)
class ConfiguredAuthLimitsTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.auth.token-lifetime", "3s",
                    "hud.auth.max-failures", "2",
                    "hud.auth.max-failures-per-address", "4", "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** A client address of its own. */
    private static String client() {
        return "198.51.100." + CLIENTS.incrementAndGet();
    }

    private static int login(String client, String username, String password) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token").then().extract().statusCode();
    }

    @Test
    void aSessionLastsTheConfiguredLifetime() {
        long before = System.currentTimeMillis();
        var login = given().header("X-Forwarded-For", client()).contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200)
                .header("Set-Cookie", containsString("Max-Age=3;")).extract();
        long after = System.currentTimeMillis();
        String token = login.path("token");
        long expiresAt = ((Number) login.path("expiresAt")).longValue();
        // Three seconds from when the gateway answered, whatever the login took.
        assertTrue(expiresAt >= before + 3_000 && expiresAt <= after + 3_000,
                (expiresAt - before) + " ms after asking, " + (expiresAt - after) + " ms after the answer");
        assertEquals(expiresAt / 1000, TokenClaims.of(token).path("exp").asLong(), "the token itself says so");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void theConfiguredNumberOfFailuresPerNameAndClientIsAllowed() {
        String client = client();
        String name = "target-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(401, login(client, name, "guess-one-xx"));
        assertEquals(401, login(client, name, "guess-two-xx"));
        assertEquals(429, login(client, name, "guess-three"));
        int retryAfter = Integer.parseInt(given().header("X-Forwarded-For", client).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "guess-four"))
                .when().post("/api/auth/token").then().statusCode(429).extract().header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "within the one-minute window: " + retryAfter);
        // Another client may still try that name.
        assertEquals(401, login(client(), name, "guess-five"));
    }

    @Test
    void theConfiguredNumberOfFailuresPerClientIsAllowedWhateverTheNames() {
        String client = client();
        for (int i = 0; i < 4; i++) {
            assertEquals(401, login(client, "name-" + i + "-" + UUID.randomUUID().toString().substring(0, 6),
                    "one-password-for-all"), "failure " + i);
        }
        assertEquals(429, login(client, "admin", "admin-test-password"), "even the right password waits");
        assertEquals(200, login(client(), "admin", "admin-test-password"));
    }
}
