package dev.hud.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every HUD service exposes on its management interface, and only there: readiness with real checks of
 * what it depends on, liveness, Prometheus metrics and an OpenAPI document. A service's test names its checks.
 */
public abstract class HealthContract {

    public static final String DATABASE = "Database connections health check";
    public static final String BROKER = "RabbitMQ broker";

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The readiness checks this service must report UP against the servers on this machine. */
    protected abstract String[] readinessChecks();

    @Test
    void readyThroughRealChecks() {
        var ready = given().when().get(Management.url(management, "/q/health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"));
        if (readinessChecks().length > 0) {
            ready.body("checks.name", hasItems(readinessChecks()));
        }
    }

    @Test
    void alive() {
        given().when().get(Management.url(management, "/q/health/live")).then().statusCode(200).body("status",
                equalTo("UP"));
    }

    @Test
    void metricsInPrometheusFormat() {
        given().accept("text/plain").when().get(Management.url(management, "/q/metrics"))
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("process_uptime_seconds"));
    }

    @Test
    void openApiDocument() {
        given().accept("application/json").when().get(Management.url(management, "/q/openapi"))
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    /** The public port (what an Ingress routes to) answers none of the operational endpoints. */
    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/dev-ui" })
    void notOnThePublicPort(String path) {
        given().redirects().follow(false).when().get(path)
                .then().statusCode(not(200))
                .body(not(containsString("jvm_memory_used_bytes")))
                .body(not(containsString("\"openapi\"")))
                .body(not(containsString("\"checks\"")));
    }
}
