package dev.hud.cdn.warmup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A warm-up that cannot finish in time (a billion requests, 3 s): ready anyway once the timeout passes. */
@QuarkusTest
@TestProfile(WarmUpTimeoutTest.Endless.class)
class WarmUpTimeoutTest {

    public static class Endless implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.cdn.warm-up.requests", "1000000000", "hud.cdn.warm-up.timeout", "3s");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readyAnywayAfterTheTimeout() {
        // Not asserted DOWN first: on a loaded machine the 3 s may be over before the first probe (see
        // WarmUpBeforeReadyTest for DOWN while running).
        var ready = await().atMost(Duration.ofSeconds(30)).until(() -> Probe.ready(management),
                probe -> probe.httpStatus() == 200);
        assertEquals("timed-out", ready.phase());
        assertTrue(ready.requests() < 1000000000L);
    }
}
