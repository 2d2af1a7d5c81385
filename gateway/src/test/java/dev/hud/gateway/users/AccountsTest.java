package dev.hud.gateway.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Accounts in the real PostgreSQL: what people change, and which tokens that ends. */
@QuarkusTest
class AccountsTest {

    private static final String PASSWORD = "first long password";

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
    }

    private static int me(String token) {
        return given().auth().oauth2(token).when().get("/api/auth/me").then().extract().statusCode();
    }

    private static String admin() {
        return login("admin", "admin-test-password");
    }

    /** A new user; returns its id. */
    private static long create(String username, String role) {
        return ((Number) given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "role", role))
                .when().post("/api/users").then().statusCode(201).extract().path("id")).longValue();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void changingYourPasswordEndsYourOtherSessions() {
        String name = unique("carol");
        create(name, "user");
        String first = login(name, PASSWORD);
        String second = login(name, PASSWORD);

        given().auth().oauth2(first).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "not my password", "newPassword", "second long password"))
                .when().put("/api/account/password").then().statusCode(400)
                .body("errors.field", hasItem("currentPassword"));
        String fresh = given().auth().oauth2(first).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "second long password"))
                .when().put("/api/account/password").then().statusCode(200)
                .header("Set-Cookie", containsString("hud_token=")).extract().path("token");

        assertEquals(401, me(first));
        assertEquals(401, me(second));
        assertEquals(200, me(fresh));
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(401);
        login(name, "second long password");
    }

    @Test
    void adminsDisableEnableRoleAndResetAndEachEndsTheSessions() {
        String name = unique("dave");
        long id = create(name, "user");
        String token = login(name, PASSWORD);
        given().auth().oauth2(admin()).when().get("/api/users").then().statusCode(200)
                .body("find { it.username == '" + name + "' }.disabled", equalTo(false));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("disabled", true))
                .when().patch("/api/users/" + id).then().statusCode(200).body("disabled", equalTo(true));
        assertEquals(401, me(token), "a disabled user's token ends");
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(403).body("detail", containsString("disabled"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("disabled", false))
                .when().patch("/api/users/" + id).then().statusCode(200);
        token = login(name, PASSWORD);

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().patch("/api/users/" + id).then().statusCode(200).body("role", equalTo("admin"));
        assertEquals(401, me(token), "a token naming the old role ends");
        token = login(name, PASSWORD);
        given().auth().oauth2(token).when().get("/api/users").then().statusCode(200);

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", "reset long password"))
                .when().put("/api/users/" + id + "/password").then().statusCode(204);
        assertEquals(401, me(token), "a reset ends the sessions");
        token = login(name, "reset long password");

        given().auth().oauth2(admin()).when().delete("/api/users/" + id).then().statusCode(204);
        assertEquals(401, me(token), "a deleted user's token ends");
        given().auth().oauth2(admin()).when().get("/api/users").then().body("username", not(hasItem(name)));
    }

    /**
     * Other services never see a session: the gateway makes a one-minute token for the sensors from a session it has
     * just checked, so a session that ended gets none, and that token opens nothing here.
     */
    @Test
    void aSessionGetsOneMinuteSensorsTokensOnlyWhileItLasts() throws Exception {
        String name = unique("fay");
        create(name, "user");
        String session = login(name, PASSWORD);
        given().when().post("/api/auth/sensors-token").then().statusCode(401);

        long before = System.currentTimeMillis();
        var answer = given().auth().oauth2(session).when().post("/api/auth/sensors-token").then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).extract();
        String token = answer.path("token");
        var claims = new ObjectMapper()
                .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals(name, claims.path("upn").asText());
        assertEquals("user", claims.path("groups").path(0).asText());
        assertEquals("hud-sensors", claims.path("aud").isArray() ? claims.path("aud").path(0).asText()
                : claims.path("aud").asText());
        long lifetime = claims.path("exp").asLong() * 1000 - before;
        assertTrue(lifetime > 0 && lifetime <= 61_000, "lasts a minute: " + lifetime + " ms");
        assertEquals(401, me(token), "no key to the gateway");

        given().auth().oauth2(session).when().post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(session).when().post("/api/auth/sensors-token").then().statusCode(401);
    }

    @Test
    void loggingOutEndsTheToken() {
        String name = unique("erin");
        create(name, "user");
        String token = login(name, PASSWORD);
        given().auth().oauth2(token).when().post("/api/auth/logout").then().statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        assertEquals(401, me(token));
        // an ended session logs out too
        given().auth().oauth2(token).when().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void aUserWhoOwnsJobsIsDisabledNotDeletedAndServiceNamesAreReserved() {
        String name = unique("frank");
        long id = create(name, "user");
        given().auth().oauth2(login(name, PASSWORD)).contentType(ContentType.JSON)
                .body("{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"epochs\": 2, \"folds\": 2}")
                .when().post("/api/training-jobs").then().statusCode(202);
        given().auth().oauth2(admin()).when().delete("/api/users/" + id).then().statusCode(409)
                .body("detail", containsString("disable the account instead"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", "hud-trainer", "password", PASSWORD, "role", "user"))
                .when().post("/api/users").then().statusCode(400).body("errors.field", hasItem("username"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("role", "root"))
                .when().patch("/api/users/" + id).then().statusCode(400).body("errors.field", hasItem("role"));
        given().auth().oauth2(admin()).when().delete("/api/users/999999999").then().statusCode(404);
    }

    /**
     * Breached, common, patterned, own-name and over-long passwords are refused wherever a password is set, naming the
     * field.
     */
    @Test
    void guessableAndOverlongPasswordsAreRefused() {
        String name = unique("grace");
        long id = create(name, "user");
        String henry = unique("henry");
        for (String weak : new String[] { "password1234", "qwertyuiop12", "1234567890", "iloveyou2024",
                henry + "2024" }) {
            given().auth().oauth2(admin()).contentType(ContentType.JSON)
                    .body(Map.of("username", henry, "password", weak, "role", "user"))
                    .when().post("/api/users").then().statusCode(400)
                    .body("errors.find { it.field == 'password' }.message", containsString("easy to guess"));
        }
        given().auth().oauth2(login(name, PASSWORD)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", name + "2024"))
                .when().put("/api/account/password").then().statusCode(400)
                .body("errors[0].field", equalTo("newPassword"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", "x".repeat(73)))
                .when().put("/api/users/" + id + "/password").then().statusCode(400)
                .body("errors[0].message", containsString("at most 72 bytes"));
        // 73 bytes in 37 characters: bytes are what bcrypt reads.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", "ü".repeat(36) + "x"))
                .when().put("/api/users/" + id + "/password").then().statusCode(400);
        login(name, PASSWORD);
    }
}
