package dev.hud.gateway.users;

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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The users admin API ({@code /api/users}) in the real PostgreSQL: what it refuses, to whom, and what a change does.
 */
@QuarkusTest
class UsersAdminApiTest {

    private static ValidatableResponse send(String token, String method, String path, String body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.when().request(method, path).then();
    }

    /** A 400 problem body whose errors name {@code field}. */
    private static void refusedNaming(ValidatableResponse answer, String field) {
        answer.statusCode(400).contentType(containsString("application/problem+json")).body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void everyBadCreateBodyIsA400ProblemNamingTheField() {
        String admin = admin();
        String name = unique("ivy");
        refusedNaming(send(admin, "POST", "/api/users", "null"), "body");
        refusedNaming(send(admin, "POST", "/api/users",
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"email\": \"x@y\"}"), "email");
        refusedNaming(send(admin, "POST", "/api/users", "{\"password\": \"" + PASSWORD + "\"}"), "username");
        refusedNaming(send(admin, "POST", "/api/users", "{\"username\": \"" + name + "\"}"), "password");
        for (String badName : List.of("Ivy-Upper", "i", "-starts-with-dash", ".dot", "has space", "ä-umlaut",
                "a".repeat(65))) {
            refusedNaming(send(admin, "POST", "/api/users",
                    "{\"username\": \"" + badName + "\", \"password\": \"" + PASSWORD + "\"}"), "username");
        }
        refusedNaming(send(admin, "POST", "/api/users",
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"ADMIN\"}"), "role");
        refusedNaming(send(admin, "POST", "/api/users",
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"service\"}"), "role");
        // None of the refusals created the user.
        given().auth().oauth2(admin).when().get("/api/users").then().statusCode(200)
                .body("findAll { it.username == '" + name + "' }", hasSize(0));
    }

    @Test
    void aNameOfSixtyFourCharactersIsTheLongestAllowed() {
        String longest = unique("x") + "a".repeat(64 - 10);
        assertEquals(64, longest.length());
        created(longest, User.USER);
        token(longest, PASSWORD);
    }

    @Test
    void namesStartingWithHudAreTheServicesAndRefusedWhateverFollows() {
        for (String service : List.of("hud-trainer", "hud-gateway", "hud-" + unique("anything"))) {
            send(admin(), "POST", "/api/users",
                    "{\"username\": \"" + service + "\", \"password\": \"" + PASSWORD + "\"}").statusCode(400)
                    .body("errors.find { it.field == 'username' }.message", containsString("hud-"));
        }
        // Only the prefix is reserved: "hud" alone or "hudson" are people's names.
        String hudson = "hudson" + unique("").substring(1);
        created(hudson, User.USER);
    }

    @Test
    void aTakenNameIsRefusedAndTheFirstUserKeepsTheirPassword() {
        String name = unique("jack");
        created(name, User.USER);
        send(admin(), "POST", "/api/users",
                "{\"username\": \"" + name + "\", \"password\": \"another long password\", \"role\": \"admin\"}")
                .statusCode(400).body("errors.find { it.field == 'username' }.message", equalTo("is taken"));
        given().auth().oauth2(token(name, PASSWORD)).when().get("/api/auth/me").then().statusCode(200)
                .body("role", equalTo("user"));
    }

    @Test
    void badChangesAreRefusedNamingTheField() {
        String admin = admin();
        long id = created(unique("kim"), User.USER);
        refusedNaming(send(admin, "PATCH", "/api/users/" + id, "{}"), "body");
        refusedNaming(send(admin, "PATCH", "/api/users/" + id, "{\"role\": null, \"disabled\": null}"), "body");
        refusedNaming(send(admin, "PATCH", "/api/users/" + id, "{\"role\": \"owner\"}"), "role");
        refusedNaming(send(admin, "PATCH", "/api/users/" + id, "{\"disabled\": \"yes please\"}"), "disabled");
        refusedNaming(send(admin, "PATCH", "/api/users/" + id, "{\"username\": \"renamed\"}"), "username");
        refusedNaming(send(admin, "PUT", "/api/users/" + id + "/password", "{}"), "password");
        refusedNaming(send(admin, "PUT", "/api/users/" + id + "/password", "{\"password\": \"short\"}"), "password");
        refusedNaming(send(admin, "PUT", "/api/users/" + id + "/password", "{\"password\": \"password12345\"}"),
                "password");
        refusedNaming(send(admin, "PUT", "/api/users/" + id + "/password",
                "{\"password\": \"" + PASSWORD + "\", \"currentPassword\": \"x\"}"), "currentPassword");
        send(admin, "PATCH", "/api/users/987654321", "{\"disabled\": true}").statusCode(404)
                .contentType(containsString("application/problem+json"));
        send(admin, "PUT", "/api/users/987654321/password", "{\"password\": \"reset long password\"}")
                .statusCode(404);
    }

    @Test
    void onlyAdminsManageUsers() {
        String name = unique("lee");
        long id = created(name, User.USER);
        String user = token(name, PASSWORD);
        long other = created(unique("mo"), User.USER);
        var calls = new ArrayList<String[]>();
        calls.add(new String[] { "GET", "/api/users", null });
        calls.add(new String[] { "POST", "/api/users",
                "{\"username\": \"" + unique("nat") + "\", \"password\": \"" + PASSWORD + "\"}" });
        calls.add(new String[] { "PATCH", "/api/users/" + id, "{\"role\": \"admin\"}" });
        calls.add(new String[] { "PATCH", "/api/users/" + other, "{\"disabled\": true}" });
        calls.add(
                new String[] { "PUT", "/api/users/" + other + "/password", "{\"password\": \"taken over password\"}" });
        calls.add(new String[] { "DELETE", "/api/users/" + other, null });
        for (String[] call : calls) {
            send(user, call[0], call[1], call[2]).statusCode(403);
            given().contentType(ContentType.JSON).body(call[2] == null ? "" : call[2]).when().request(call[0], call[1])
                    .then().statusCode(401).contentType(containsString("application/problem+json"));
        }
        // Nothing the user tried happened.
        given().auth().oauth2(admin()).when().get("/api/users").then()
                .body("find { it.id == " + id + " }.role", equalTo("user"))
                .body("find { it.id == " + other + " }.disabled", equalTo(false));
        token(name, PASSWORD);
    }

    @Test
    void aDisabledUserCannotLogInNorUseTheSessionTheyHadEvenAfterBeingEnabledAgain() {
        String name = unique("olive");
        long id = created(name, User.USER);
        String session = token(name, PASSWORD);
        String cookie = given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(200).extract().cookie("hud_token");

        send(admin(), "PATCH", "/api/users/" + id, "{\"disabled\": true}").statusCode(200)
                .body("disabled", equalTo(true));
        assertEquals(401, me(session));
        given().cookie("hud_token", cookie).when().get("/api/account").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(403)
                .contentType(containsString("application/problem+json"));

        send(admin(), "PATCH", "/api/users/" + id, "{\"disabled\": false}").statusCode(200);
        assertEquals(401, me(session), "enabling opens a new session, not the old ones");
        assertEquals(200, me(token(name, PASSWORD)));
    }

    @Test
    void aRoleChangeTakesEffectAtTheNextLoginBothWays() {
        String name = unique("pat");
        long id = created(name, User.USER);
        String asUser = token(name, PASSWORD);
        given().auth().oauth2(asUser).when().get("/api/users").then().statusCode(403);

        send(admin(), "PATCH", "/api/users/" + id, "{\"role\": \"admin\"}").statusCode(200)
                .body("role", equalTo("admin"));
        String asAdmin = token(name, PASSWORD);
        given().auth().oauth2(asAdmin).when().get("/api/users").then().statusCode(200);
        given().auth().oauth2(asAdmin).when().get("/api/auth/me").then().body("role", equalTo("admin"));
        // A new admin manages users like the first one.
        long created = ((Number) send(asAdmin, "POST", "/api/users",
                "{\"username\": \"" + unique("quin") + "\", \"password\": \"" + PASSWORD + "\"}").statusCode(201)
                .extract().path("id")).longValue();

        send(admin(), "PATCH", "/api/users/" + id, "{\"role\": \"user\"}").statusCode(200);
        assertEquals(401, me(asAdmin), "the admin session ends with the role");
        given().auth().oauth2(token(name, PASSWORD)).when().delete("/api/users/" + created).then().statusCode(403);
    }

    @Test
    void aChangeToWhatIsAlreadyThereEndsNoSession() {
        String name = unique("rae");
        long id = created(name, User.USER);
        String session = token(name, PASSWORD);
        send(admin(), "PATCH", "/api/users/" + id, "{\"role\": \"user\", \"disabled\": false}").statusCode(200)
                .body("role", equalTo("user")).body("disabled", equalTo(false));
        assertEquals(200, me(session));
    }

    @Test
    void anAdminsResetPasswordIsTheOnlyOneThatWorksAfterwards() {
        String name = unique("sam");
        long id = created(name, User.USER);
        send(admin(), "PUT", "/api/users/" + id + "/password", "{\"password\": \"violet tractor umbrella\"}")
                .statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", PASSWORD))
                .when().post("/api/auth/token").then().statusCode(401);
        token(name, "violet tractor umbrella");
    }

    @Test
    void aDeletedUsersNameCanBeGivenAgainAndTheNewAccountOwesNothingToTheOld() {
        String name = unique("tess");
        long id = created(name, User.USER);
        String old = token(name, PASSWORD);
        send(admin(), "DELETE", "/api/users/" + id, null).statusCode(204);
        send(admin(), "DELETE", "/api/users/" + id, null).statusCode(404);
        long again = created(name, User.USER);
        assertEquals(401, me(old), "the deleted account's session does not open the new one");
        given().auth().oauth2(token(name, PASSWORD)).when().get("/api/account").then().statusCode(200)
                .body("id", equalTo((int) again));
    }

    @Test
    void theListShowsEveryUserByNameWithRoleStatusAndSince() {
        String b = "zz-b-" + unique("u").substring(2);
        String a = "zz-a-" + unique("u").substring(2);
        created(b, User.ADMIN);
        long aId = created(a, User.USER);
        send(admin(), "PATCH", "/api/users/" + aId, "{\"disabled\": true}").statusCode(200);
        var list = given().auth().oauth2(admin()).when().get("/api/users").then().statusCode(200)
                .body("find { it.username == '" + a + "' }.disabled", equalTo(true))
                .body("find { it.username == '" + a + "' }.role", equalTo("user"))
                .body("find { it.username == '" + b + "' }.role", equalTo("admin"))
                .body("find { it.username == '" + b + "' }.createdAt", notNullValue())
                .body("find { it.username == 'admin' }.role", equalTo("admin"))
                .extract().jsonPath().<String>getList("username");
        List<String> sorted = new ArrayList<>(list);
        sorted.sort(null);
        assertEquals(sorted, list, "sorted by name");
    }
}
