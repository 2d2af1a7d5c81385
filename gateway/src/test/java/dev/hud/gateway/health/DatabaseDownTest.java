package dev.hud.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.hud.common.testing.DatabaseDownContract;
import dev.hud.common.testing.UnreachableServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableServers.Database.class)
class DatabaseDownTest extends DatabaseDownContract {

    /** A database that is away is the client's to wait out (503, Retry-After), not a server bug (500). */
    @Test
    void callsThatNeedTheDatabaseAnswer503WithRetryAfter() {
        given().contentType("application/json").body("{\"username\": \"admin\", \"password\": \"admin-test-password\"}")
                .when().post("/api/auth/token")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("detail", containsString("database"))
                .body(not(containsString("at org.")));
    }
}
