package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hud.gateway.users.User;
import dev.hud.gateway.users.UserService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What {@code hud.auth.admin.reset-password} does at start (./hud up sets it: its password file is the
 * truth for a local database that outlives the checkout): the configured password becomes the user's.
 */
@QuarkusTest
class AdminPasswordResetTest {

    @Inject
    UserService users;

    @Test
    void theConfiguredPasswordReplacesAnOlderOne() {
        String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, "the-first-password", User.ADMIN);
        assertFalse(users.resetPassword(name, "the-first-password"), "the same password changes nothing");
        assertTrue(users.resetPassword(name, "the-second-password"));
        login(name, "the-second-password", 200);
        login(name, "the-first-password", 401);
        assertFalse(users.resetPassword("nobody-" + name, "whatever-password"), "no such user");
    }

    private static void login(String username, String password, int status) {
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token").then().statusCode(status);
    }
}
