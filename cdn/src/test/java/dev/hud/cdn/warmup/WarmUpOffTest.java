package dev.hud.cdn.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** hud.cdn.warm-up.enabled=false: ready as soon as it listens, and no request was sent. */
@QuarkusTest
@TestProfile(WarmUpOffTest.Off.class)
class WarmUpOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.cdn.warm-up.enabled", "false", "hud.cdn.warm-up.requests", "20000");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readyAtOnce() {
        var ready = Probe.ready(management);
        assertEquals(200, ready.httpStatus());
        assertEquals("off", ready.phase());
        assertEquals(0, ready.requests());
        assertTrue(Probe.warmUpRequests(management).isEmpty());
    }
}
