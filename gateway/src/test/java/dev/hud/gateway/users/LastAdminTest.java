package dev.hud.gateway.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hud.common.testing.TestDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A database of its own (new in every run), where the first admin is the only one. */
@QuarkusTest
@TestProfile(LastAdminTest.OwnDatabase.class)
class LastAdminTest {

    static final String NAME = TestDatabases.uniqueName("hud_last_admin");

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Also the test profile's key: a run isolated with -D%test.hud.database.name must not move it to that database.
            return Map.of("hud.database.name", NAME, "%test.hud.database.name", NAME);
        }
    }

    @Test
    void theLastAdminWhoCanLogInStaysOne() {
        String admin = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
        long id = ((Number) given().auth().oauth2(admin).when().get("/api/account").then().extract().path("id"))
                .longValue();

        for (var change : List.of(Map.of("role", "user"), Map.of("disabled", true))) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(change)
                    .when().patch("/api/users/" + id).then().statusCode(409)
                    .body("detail", containsString("last admin"));
        }
        given().auth().oauth2(admin).when().delete("/api/users/" + id).then().statusCode(409);

        // With a second admin, the first may step down.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", "second-admin", "password", "second admin password", "role", "admin"))
                .when().post("/api/users").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("role", "user"))
                .when().patch("/api/users/" + id).then().statusCode(200);
    }
}
