package dev.hud.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every HUD service exposes (DESIGN.md): readiness with real checks of what it depends on,
 * liveness, Prometheus metrics and an OpenAPI document. A service's test names its checks.
 */
public abstract class HealthContract {

    public static final String DATABASE = "Database connections health check";
    public static final String BROKER = "RabbitMQ broker";

    /** The readiness checks this service must report UP against the servers on this machine. */
    protected abstract String[] readinessChecks();

    @Test
    void readyThroughRealChecks() {
        var ready = given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        if (readinessChecks().length > 0) {
            ready.body("checks.name", hasItems(readinessChecks()));
        }
    }

    @Test
    void alive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsInPrometheusFormat() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("process_uptime_seconds"));
    }

    @Test
    void openApiDocument() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
