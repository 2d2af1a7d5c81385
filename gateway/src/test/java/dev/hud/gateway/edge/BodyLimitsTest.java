package dev.hud.gateway.edge;

import static dev.hud.gateway.jobs.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without the local edge (as behind an Ingress): every route of the gateway takes small bodies only, but a data set's
 * upload, which reads its body as a stream.
 */
@QuarkusTest
class BodyLimitsTest {

    @TestHTTPResource("/api/auth/token")
    URI login;

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        String large = "{\"username\":\"admin\",\"password\":\"" + "p".repeat(1024 * 1024) + "\"}";
        given().body(large).contentType("application/json").when().post("/api/auth/token")
                .then().statusCode(413).contentType(containsString("application/problem+json"))
                .body("status", equalTo(413)).body("detail", containsString("at most 1048576 bytes"));
        // Under the limit, the route itself answers.
        given().body("{\"username\":\"admin\",\"password\":\"" + "p".repeat(100 * 1024) + "\"}")
                .contentType("application/json")
                .when().post("/api/auth/token").then().statusCode(400).body("errors[0].field", equalTo("password"));
    }

    /** Only a data set's upload reads a large body (as a stream, to hud.datasets.max-bytes); its neighbours do not. */
    @Test
    void theLargeLimitIsTheDataSetUploadsAlone() {
        String token = newUser();
        // 5 MB of one column: past the small limit, within the upload's; read, and refused for what it holds.
        byte[] csv = ("class\n" + "x\n".repeat(2_500_000)).getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(token).contentType("text/csv").body(csv)
                .when().post("/api/datasets?name=big&label=class").then().statusCode(503)
                .body("detail", containsString("no cdn is configured"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"shared\": true, \"pad\": \"" + "p".repeat(2 * 1024 * 1024) + "\"}")
                .when().put("/api/datasets/some-id/sharing").then().statusCode(413)
                .body("detail", containsString("at most 1048576 bytes"));
        given().auth().oauth2(token).contentType("text/csv").body(new byte[10 * 1024 * 1024 + 1])
                .when().post("/api/datasets?name=big&label=class").then().statusCode(413)
                .body("detail", containsString("at most 10485760 bytes"));
    }

    @Test
    void anUploadOfUnknownLengthIsRefusedToo() throws Exception {
        byte[] body = "a,class\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(login.toString().replace("/api/auth/token",
                "/api/datasets?name=x&label=class"))).header("Content-Type", "text/csv")
                .header("Authorization", "Bearer " + newUser())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(411, response.statusCode(), response.body());
    }

    @Test
    void aBodyOfUnknownLengthIsRefused() throws Exception {
        byte[] body = "{\"username\":\"admin\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(login).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(411, response.statusCode(), response.body());
        assertTrue(response.body().contains("Content-Length"), response.body());
    }
}
