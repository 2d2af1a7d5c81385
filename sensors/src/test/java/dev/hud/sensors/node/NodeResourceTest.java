package dev.hud.sensors.node;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NodeResourceTest {

    @Test
    void describesThisNode() {
        given().when().get("/api/sensors/node")
                .then().statusCode(200)
                .body("node", not(emptyOrNullString()))
                .body("logicalCores", equalTo(Runtime.getRuntime().availableProcessors()))
                .body("intervalMs", equalTo(100));
    }
}
