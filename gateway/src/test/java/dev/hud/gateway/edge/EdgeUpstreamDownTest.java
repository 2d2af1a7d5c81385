package dev.hud.gateway.edge;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(EdgeUpstreamDownTest.NothingListens.class)
class EdgeUpstreamDownTest {

    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.edge.cdn-url", "http://127.0.0.1:1", "hud.edge.sensors-url", "http://127.0.0.1:1");
        }
    }

    @Test
    void badGatewayWhenTheServiceIsDown() {
        given().when().get("/assets/app.js").then().statusCode(502);
        given().when().get("/api/sensors/stream").then().statusCode(502);
    }
}
