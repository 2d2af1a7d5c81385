package dev.hud.gateway.home;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The first page's links come from {@code hud.links.<service>}: what an operator configures is what people see. */
@QuarkusTest
@TestProfile(HomeLinksTest.ConfiguredLinks.class)
class HomeLinksTest {

    public static class ConfiguredLinks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.links.gateway", "https://ops.example.org/gateway/",
                    "hud.links.cdn", "https://cdn-mgmt.example.org//",
                    "hud.links.sensors", "http://10.0.0.9:9082");
        }
    }

    @Test
    void theConfiguredUrlsAreLinkedWithoutTrailingSlashes() {
        String page = given().when().get("/").then().statusCode(200).extract().asString();
        assertTrue(page.contains("href=\"https://ops.example.org/gateway/q/health/ready\""), page);
        assertTrue(page.contains("href=\"https://cdn-mgmt.example.org/q/health/live\""), page);
        assertTrue(page.contains("href=\"http://10.0.0.9:9082/q/openapi\""), page);
        // The default of a service not configured here stays.
        assertTrue(page.contains("href=\"http://localhost:9081/q/health/ready\""), page);
    }

    @Test
    void theReplacedDefaultsAreGone() {
        given().when().get("/").then()
                .body(not(containsString("http://localhost:9080")))
                .body(not(containsString("http://localhost:9083")))
                .body(not(containsString("//q/")));
    }
}
