package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Behind a trusted proxy (here: this machine), each client is its forwarded address, not the proxy's; served over TLS
 * there, the session cookie is {@code __Host-} prefixed as the chart names it then.
 */
@QuarkusTest
@TestProfile(BehindAProxyTest.TrustedLoopback.class)
class BehindAProxyTest {

    static final String HOST_COOKIE = "__Host-hud_token";

    public static class TrustedLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.trusted-proxies",
                    "127.0.0.1",
                    "hud.auth.session-cookie", HOST_COOKIE);
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
        assertEquals(200, login("198.51.100.20", "admin-test-password"));
    }

    @Test
    void overTlsAtTheProxyTheBrowserIsToldToStayOnTlsAndTheCookieIsAHostCookie() {
        given().header("X-Forwarded-Proto", "https").when().get("/login").then()
                .header("Strict-Transport-Security", containsString("max-age="));
        var login = given().header("X-Forwarded-For", "198.51.100.21").header("X-Forwarded-Proto", "https")
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200).extract();
        // A browser keeps a __Host- cookie only if it is Secure, has Path=/ and no Domain.
        String set = login.header("Set-Cookie");
        assertTrue(set.startsWith(HOST_COOKIE + "="), set);
        assertTrue(set.contains("Secure") && set.contains("Path=/") && !set.contains("Domain"), set);
        String session = login.cookie(HOST_COOKIE);
        given().header("X-Forwarded-Proto", "https").cookie(HOST_COOKIE, session).when().get("/api/auth/me").then()
                .statusCode(200)
                .body("username", equalTo("admin"));
        given().header("X-Forwarded-Proto", "https").cookie("hud_token", session).when().get("/api/auth/me").then()
                .statusCode(401);
        // A cross-site change made with it is refused; logging out removes it with the same attributes.
        given().header("X-Forwarded-Proto", "https").cookie(HOST_COOKIE, session)
                .header("Origin", "https://evil.example")
                .when().post("/api/auth/logout").then().statusCode(403);
        // Behind the proxy the site is https://localhost (the forwarded scheme's default port).
        given().header("X-Forwarded-Proto", "https").cookie(HOST_COOKIE, session).header("Origin", "https://localhost")
                .when().post("/api/auth/logout").then()
                .statusCode(204).header("Set-Cookie", allOf(startsWith(HOST_COOKIE + "="), containsString("Secure"),
                        containsString("Max-Age=0")));
    }
}
