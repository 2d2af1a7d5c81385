package dev.hud.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(Upstreams.class)
class EdgeForwardingTest {

    @Test
    void assetsComeFromTheCdn() throws IOException {
        Files.createDirectories(Upstreams.assetRoot.resolve("assets"));
        Files.writeString(Upstreams.assetRoot.resolve("assets/app.js"), "console.log('hud');");

        given().when().get("/assets/app.js")
                .then().statusCode(200)
                .header("X-Served-By", "cdn")
                .contentType(containsString("text/javascript"))
                .body(equalTo("console.log('hud');"));
    }

    @Test
    void mediaIsStreamedWhole() throws IOException {
        byte[] model = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(model);
        Files.createDirectories(Upstreams.assetRoot.resolve("media"));
        Files.write(Upstreams.assetRoot.resolve("media/model.zip"), model);

        byte[] received = given().when().get("/media/model.zip")
                .then().statusCode(200).header("X-Served-By", "cdn")
                .extract().asByteArray();
        assertArrayEquals(model, received);
    }

    @Test
    void upstreamStatusPassesThrough() {
        given().when().get("/assets/missing.js").then().statusCode(404).header("X-Served-By", "cdn");
    }

    @Test
    void sensorsApiGetsPathQueryAndBody() {
        given().when().get("/api/sensors/history?node=n1&step=1s")
                .then().statusCode(200)
                .header("X-Served-By", "sensors")
                .body(equalTo("GET /api/sensors/history?node=n1&step=1s\n"));
        given().body("{\"x\":1}").contentType("application/json")
                .when().post("/api/sensors/anything")
                .then().statusCode(200)
                .body(equalTo("POST /api/sensors/anything\n{\"x\":1}"));
    }

    @Test
    void largeBodiesAreForwardedWhileTheGatewaysOwnRoutesRefuseThem() {
        String large = "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        given().body(large).contentType("application/json").when().post("/api/sensors/anything")
                .then().statusCode(200).header("X-Served-By", "sensors").body(Matchers.endsWith("a\"}"));
        given().body(large).contentType("application/json").when().post("/api/training-jobs")
                .then().statusCode(413).contentType(containsString("application/problem+json"));
    }

    @Test
    void theSessionCookieStaysHereAndTokensGoOnlyWhereTheyAreNeeded() {
        given().cookie("hud_token", "secret-session").header("Authorization", "Bearer secret-token")
                .when().get("/api/sensors/stream").then().statusCode(200).header("X-Served-By", "sensors")
                .header("X-Cookie-Seen", "false").header("X-Bearer-Seen", "false");
        // History takes a token the gateway made for the sensors; the session itself is not theirs to see.
        given().cookie("hud_token", "secret-session").header("Authorization", "Bearer sensors-token")
                .when().get("/api/sensors/history?node=n1").then().statusCode(200).header("X-Served-By", "sensors")
                .header("X-Cookie-Seen", "false").header("X-Bearer-Seen", "true");
    }

    @Test
    void everythingElseStaysWithTheGateway() {
        given().when().get("/").then().statusCode(200).header("X-Served-By", Matchers.nullValue())
                .body(containsString("<title>HUD · Overview</title>"));
        // Only whole path segments are forwarded: /assetsX is not /assets/**.
        given().when().get("/assetsX/app.js").then().statusCode(404).header("X-Served-By",
                Matchers.nullValue());
        given().when().get("/api/sensorsfoo").then().statusCode(not(200));
    }
}
