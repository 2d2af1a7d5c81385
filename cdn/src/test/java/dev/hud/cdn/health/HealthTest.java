package dev.hud.cdn.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import dev.hud.cdn.warmup.WarmUpReadinessCheck;
import dev.hud.common.testing.HealthContract;
import dev.hud.common.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The cdn depends on no server: ready once it has warmed itself up. */
@QuarkusTest
class HealthTest extends HealthContract {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The contract asks for UP: the warm-up (a few hundred requests in tests) comes first. */
    @BeforeEach
    void warmedUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().when()
                .get(Management.url(management, "/q/health/ready")).statusCode() == 200);
    }

    @Override
    protected String[] readinessChecks() {
        return new String[] { WarmUpReadinessCheck.NAME };
    }
}
