package dev.hud.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/** Run with {@link UnreachableServers.Database}: not ready, still alive, the broker still UP. */
public abstract class DatabaseDownContract {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void notReadyButAliveWhenPostgresIsUnreachable() {
        given().when().get(Management.url(management, "/q/health/ready"))
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + HealthContract.DATABASE + "' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == '" + HealthContract.BROKER + "' }.status", equalTo("UP"));
        given().when().get(Management.url(management, "/q/health/live")).then().statusCode(200);
    }
}
