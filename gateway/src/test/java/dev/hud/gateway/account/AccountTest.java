package dev.hud.gateway.account;

import static dev.hud.gateway.jobs.Api.PASSWORD;
import static dev.hud.gateway.jobs.Api.admin;
import static dev.hud.gateway.jobs.Api.created;
import static dev.hud.gateway.jobs.Api.me;
import static dev.hud.gateway.jobs.Api.token;
import static dev.hud.gateway.jobs.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hud.gateway.users.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A person's own account ({@code /api/account}): who they are, and changing their own password. */
@QuarkusTest
class AccountTest {

    private static ValidatableResponse change(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when()
                .put("/api/account/password").then();
    }

    private static String changeBody(String current, String next) {
        return "{\"currentPassword\": \"" + current + "\", \"newPassword\": \"" + next + "\"}";
    }

    @Test
    void theAccountIsTheCallersOwn() {
        String name = unique("uma");
        long id = created(name, User.USER);
        given().auth().oauth2(token(name, PASSWORD)).when().get("/api/account").then().statusCode(200)
                .body("id", equalTo((int) id)).body("username", equalTo(name)).body("role", equalTo("user"))
                .body("avatar", nullValue());
        given().auth().oauth2(admin()).when().get("/api/account").then().statusCode(200)
                .body("username", equalTo("admin")).body("role", equalTo("admin"));
        given().when().get("/api/account").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().contentType(ContentType.JSON).body(changeBody(PASSWORD, "a brand new phrase"))
                .when().put("/api/account/password").then().statusCode(401);
    }

    @Test
    void badPasswordChangesAreRefusedNamingEachField() {
        String name = unique("vic");
        created(name, User.USER);
        String session = token(name, PASSWORD);
        change(session, "null").statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("body"));
        change(session, "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"cobalt walrus lantern\","
                + " \"confirm\": \"cobalt walrus lantern\"}").statusCode(400).body("errors.field", hasItem("confirm"));
        change(session, "{\"newPassword\": \"cobalt walrus lantern\"}").statusCode(400)
                .body("errors.field", hasItem("currentPassword"));
        change(session, "{\"currentPassword\": \"" + PASSWORD + "\"}").statusCode(400)
                .body("errors.field", hasItem("newPassword"));
        // Both wrong: both named at once.
        change(session, changeBody("not my password", "short")).statusCode(400)
                .body("errors.field", hasItems("currentPassword", "newPassword"));
        // A current password no one can have (over 72 bytes) is simply not theirs.
        change(session, changeBody("p".repeat(100), "cobalt walrus lantern")).statusCode(400)
                .body("errors.field", hasItem("currentPassword")).body("errors.field", not(hasItem("newPassword")));
        for (String weak : new String[] { "1234567890", "letmein12345", "abcdefghijk", name + "123" }) {
            change(session, changeBody(PASSWORD, weak)).statusCode(400)
                    .body("errors.find { it.field == 'newPassword' }.message", containsString("easy to guess"));
        }
        // Nothing changed: the session and the password still work.
        assertEquals(200, me(session));
        token(name, PASSWORD);
    }

    @Test
    void aChangedPasswordEndsEverySessionButTheNewOneAndAllowsOnlyTheNewPassword() {
        String name = unique("wes");
        created(name, User.USER);
        String first = token(name, PASSWORD);
        String cookie = given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(200).extract().cookie("hud_token");

        var answer = change(first, changeBody(PASSWORD, "cobalt walrus lantern")).statusCode(200)
                .body("username", equalTo(name)).body("role", equalTo("user")).body("tokenType", equalTo("Bearer"))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"))
                .extract();
        String fresh = answer.path("token");
        assertEquals(fresh, answer.cookie("hud_token"), "the web app's cookie is the new session");
        assertNotEquals(first, fresh);

        assertEquals(401, me(first));
        given().cookie("hud_token", cookie).when().get("/api/account").then().statusCode(401);
        assertEquals(200, me(fresh));
        // The ended session cannot change the password back.
        change(first, changeBody("cobalt walrus lantern", PASSWORD)).statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(401);
        token(name, "cobalt walrus lantern");
    }

    @Test
    void anAdminsOwnPasswordChangeEndsOnlyTheirSessions() {
        String adminName = unique("xena");
        created(adminName, User.ADMIN);
        String bystander = unique("yuri");
        created(bystander, User.USER);
        String theirs = token(bystander, PASSWORD);
        String adminSession = token(adminName, PASSWORD);
        String fresh = change(adminSession, changeBody(PASSWORD, "saffron glacier kettle")).statusCode(200).extract()
                .path("token");
        assertEquals(200, me(theirs));
        given().auth().oauth2(fresh).when().get("/api/users").then().statusCode(200);
    }

    @Test
    void withoutACdnAnAvatarCannotBeSetAndTheAnswerSaysWhy() {
        String name = unique("zoe");
        created(name, User.USER);
        String session = token(name, PASSWORD);
        given().auth().oauth2(session).contentType("image/png").body(new byte[] { (byte) 0x89, 'P', 'N', 'G' })
                .when().put("/api/account/avatar").then().statusCode(503)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("hud.media.cdn-url"));
        given().auth().oauth2(session).contentType("image/png").body(new byte[0])
                .when().put("/api/account/avatar").then().statusCode(400).body("errors.field", hasItem("body"));
    }
}
