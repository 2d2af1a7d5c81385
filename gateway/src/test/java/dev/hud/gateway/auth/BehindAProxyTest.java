package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Behind a trusted proxy (here: this machine), each client is its forwarded address, not the proxy's. */
@QuarkusTest
@TestProfile(BehindAProxyTest.TrustedLoopback.class)
class BehindAProxyTest {

    public static class TrustedLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    private static int login(String forwardedFor, String password) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", password))
                .when().post("/api/auth/token").then().extract().statusCode();
    }

    @Test
    void fiveWrongPasswordsFromOneClientDoNotLockTheAdminOutEverywhere() {
        for (int attempt = 0; attempt < 5; attempt++) {
            given().header("X-Forwarded-For", "203.0.113.7").contentType(ContentType.JSON)
                    .body(Map.of("username", "admin", "password", "guess-" + attempt))
                    .when().post("/api/auth/token").then().statusCode(401);
        }
        given().header("X-Forwarded-For", "203.0.113.7").contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(429).body("status", equalTo(429));
        // The real admin, behind the same proxy but from another address, logs in.
        org.junit.jupiter.api.Assertions.assertEquals(200, login("198.51.100.20", "admin-test-password"));
    }

    @Test
    void overTlsAtTheProxyTheBrowserIsToldToStayOnTlsAndTheCookieIsSecure() {
        given().header("X-Forwarded-Proto", "https").when().get("/login").then()
                .header("Strict-Transport-Security", org.hamcrest.Matchers.containsString("max-age="));
        given().header("X-Forwarded-For", "198.51.100.21").header("X-Forwarded-Proto", "https").contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("hud_token="),
                        org.hamcrest.Matchers.containsString("Secure")));
    }
}
