package dev.hud.sensors.health;

import static dev.hud.sensors.SignedIn.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.hud.common.testing.DatabaseDownContract;
import dev.hud.common.testing.UnreachableServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableServers.Database.class)
class DatabaseDownTest extends DatabaseDownContract {

    /** History needs the database: while it is away the answer is 503 with Retry-After, not 500. */
    @Test
    void historyAnswers503WithRetryAfter() {
        given().queryParam("node", "any").queryParam("from", 0).queryParam("to", 1000).queryParam("step", "1s")
                .when().get("/api/sensors/history")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .contentType("application/problem+json")
                .body("status", equalTo(503));
    }
}
