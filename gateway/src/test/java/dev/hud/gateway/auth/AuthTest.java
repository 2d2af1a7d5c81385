package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/** Users in the real PostgreSQL; tokens signed with the test key pair (src/test/resources/jwt). */
@QuarkusTest
class AuthTest {

    private static String token(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .extract().path("token");
    }

    private static String adminToken() {
        return token("admin", "admin-test-password");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theFirstAdminLogsInAndTheTokenSaysWhoTheyAre() {
        given().auth().oauth2(adminToken()).when().get("/api/auth/me")
                .then().statusCode(200)
                .body("username", equalTo("admin"))
                .body("role", equalTo("admin"));
    }

    @Test
    void adminsCreateUsersWhoCanThenLogIn() {
        String name = unique("ada");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "correct horse battery"))
                .when().post("/api/users")
                .then().statusCode(201)
                .header("Location", containsString("/api/users/"))
                .body("role", equalTo("user"));
        given().auth().oauth2(token(name, "correct horse battery")).when().get("/api/auth/me")
                .then().statusCode(200).body("role", equalTo("user"));

        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "short", "role", "root"))
                .when().post("/api/users")
                .then().log().ifValidationFails().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("username"))
                .body("errors.find { it.field == 'username' }.message", equalTo("is taken"))
                .body("errors.field", hasItem("password"))
                .body("errors.field", hasItem("role"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body("{\"username\": 42, \"password\": [}")
                .when().post("/api/users").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void wrongCredentialsAre401AndMissingOnes400() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "not-the-password"))
                .when().post("/api/auth/token")
                .then().statusCode(401).body("detail", equalTo("wrong user name or password"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", unique("nobody"), "password", "whatever-password"))
                .when().post("/api/auth/token").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", "admin"))
                .when().post("/api/auth/token")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));
    }

    @Test
    void aNameNoUserCanHaveIsABadRequestNotAFailedLogin() {
        String giant = "a".repeat(512 * 1024); // under the body limit: the name itself is refused
        given().contentType(ContentType.JSON).body(Map.of("username", giant, "password", "whatever-password"))
                .when().post("/api/auth/token")
                .then().statusCode(400).body("errors[0].field", equalTo("username"));
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "p".repeat(73)))
                .when().post("/api/auth/token")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));
    }

    @Test
    void repeatedFailuresAreThrottled() {
        String name = unique("target");
        for (int attempt = 0; attempt < 5; attempt++) {
            given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "guess-" + attempt))
                    .when().post("/api/auth/token").then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "guess-6"))
                .when().post("/api/auth/token")
                .then().statusCode(429)
                .header("Retry-After", notNullValue())
                .contentType(containsString("application/problem+json"));
        // Another user from the same address is not held back.
        token("admin", "admin-test-password");
    }

    @Test
    void rolesAndTokensAreEnforced() {
        String name = unique("bob");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "bobs secret password"))
                .when().post("/api/users").then().statusCode(201);
        String user = token(name, "bobs secret password");

        given().auth().oauth2(user).when().get("/api/users").then().statusCode(403);
        given().when().get("/api/users").then().statusCode(401);
        given().when().get("/api/auth/me").then().statusCode(401);
        String expired = Jwt.issuer("hud").upn("admin").groups("admin").issuedAt(1_600_000_000L)
                .expiresAt(1_600_000_600L).sign();
        given().auth().oauth2(expired).when().get("/api/users").then().statusCode(401);
        String otherIssuer = Jwt.issuer("someone-else").upn("admin").groups("admin").expiresIn(300).sign();
        given().auth().oauth2(otherIssuer).when().get("/api/users").then().statusCode(401);
        given().auth().oauth2(user.substring(0, user.lastIndexOf('.')) + ".Zm9yZ2Vk").when().get("/api/auth/me").then()
                .statusCode(401);
        given().auth().oauth2(adminToken()).when().get("/api/users")
                .then().statusCode(200).body("username", hasItem(name));
    }
}
