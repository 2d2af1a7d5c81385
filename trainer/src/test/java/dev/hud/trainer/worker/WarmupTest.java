package dev.hud.trainer.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.hud.common.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(WarmupTest.WarmUp.class)
class WarmupTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    public static class WarmUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.trainer.warm-up", "true");
        }
    }

    @Test
    void theTrainerIsReadyOnceItsWorkPathRanWithoutAFault() {
        Awaitility.await().atMost(Duration.ofMinutes(3))
                .until(() -> given().get(Management.url(management, "/q/health/ready")).statusCode() == 200);
        // Work messages read and checked, two jobs' trials trained as one batch, their events encoded, a model written.
        given().get(Management.url(management, "/q/health/ready")).then()
                .body("checks.find { it.name == 'training warm-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'training warm-up' }.data.succeeded", equalTo(true));
    }
}
