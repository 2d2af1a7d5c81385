package dev.hud.cdn.assets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AssetsTest {

    @Test
    void servesTheWebAppStylesheet() {
        given().when().get("/assets/hud.css")
                .then().statusCode(200)
                .contentType(containsString("text/css"))
                .body(containsString("font-family"));
    }

    @Test
    void unknownAssetIsNotFound() {
        given().when().get("/assets/nope.css").then().statusCode(404);
    }
}
