package dev.hud.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/** Run with {@link UnreachableServers.Broker}: not ready, the reason given, still alive. */
public abstract class BrokerDownContract {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void notReadyButAliveWhenRabbitMqIsUnreachable() {
        String broker = "checks.find { it.name == '" + HealthContract.BROKER + "' }";
        given().when().get(Management.url(management, "/q/health/ready"))
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body(broker + ".status", equalTo("DOWN"))
                .body(broker + ".data.broker", equalTo("127.0.0.1:" + UnreachableServers.CLOSED_PORT))
                .body(broker + ".data.error", containsString("Connect"));
        given().when().get(Management.url(management, "/q/health/live")).then().statusCode(200);
    }
}
