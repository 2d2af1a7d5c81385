package dev.hud.gateway.home;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HomePageTest {

    @Test
    void linksEveryServicesManagementEndpoints() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>HUD · Overview</title>"))
                .body(containsString("<script type=\"module\" src=\"/assets/app.js\"></script>"))
                .body(containsString("href=\"/assets/hud.css\""))
                .body(containsString("href=\"http://localhost:9080/q/health/ready\""))
                .body(containsString("href=\"http://localhost:9081/q/health/ready\""))
                .body(containsString("href=\"http://localhost:9082/q/openapi\""))
                .body(containsString("href=\"http://localhost:9083/q/health/live\""));
    }

    @Test
    void nothingIsForwardedWhenNoServiceUrlIsSet() {
        // As behind an Ingress: /assets is not the gateway's, so it does not answer it.
        given().when().get("/assets/hud.css").then().statusCode(404);
    }
}
