package dev.hud.cdn.warmup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A longer warm-up (5,000 requests; production makes 20,000): readiness is DOWN while it runs, UP when done. */
@QuarkusTest
@TestProfile(WarmUpBeforeReadyTest.Long.class)
class WarmUpBeforeReadyTest {

    public static class Long implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.cdn.warm-up.requests", "5000", "hud.cdn.warm-up.timeout", "120s");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void downWhileWarmingUpThenUp() {
        var first = Probe.ready(management);
        assertEquals(503, first.httpStatus());
        assertEquals("DOWN", first.status());
        assertEquals("running", first.phase());

        var ready = await().atMost(Duration.ofSeconds(120)).until(() -> Probe.ready(management),
                probe -> probe.httpStatus() == 200);
        assertEquals("done", ready.phase());
        assertEquals(5000, ready.requests());
        assertEquals(5000, Probe.warmUpRequests(management).values().stream().mapToLong(n -> n).sum());
    }
}
