package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hud.common.testing.Management;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(JobPathWarmupTest.WarmUp.class)
class JobPathWarmupTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    public static class WarmUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.jobs.warm-up", "true");
        }
    }

    @Test
    void theGatewayIsReadyOnceItsJobPathRanAndKeepsNothingOfIt() {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> given().get(Management.url(management, "/q/health/ready")).statusCode() == 200);
        given().get(Management.url(management, "/q/health/ready")).then()
                .body("checks.find { it.name == 'job path warm-up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job path warm-up' }.data.succeeded", equalTo(true));

        // Its job was stored, given every result and read back, then rolled back.
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> TrainingJob.count("id like 'warmup-%'")));
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Trial.count("jobId like 'warmup-%'")));
    }
}
