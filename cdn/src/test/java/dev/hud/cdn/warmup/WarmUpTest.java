package dev.hud.cdn.warmup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The test profile's warm-up (300 requests): it runs every hot path, then readiness is UP. */
@QuarkusTest
class WarmUpTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void everyHotPathIsRequestedThenReady() {
        var ready = await().atMost(Duration.ofSeconds(30)).until(() -> Probe.ready(management),
                probe -> probe.httpStatus() == 200);
        assertEquals("UP", ready.status());
        assertEquals("done", ready.phase());
        assertEquals(300, ready.requests());

        Map<String, Long> byStatus = Probe.warmUpRequests(management);
        // The built assets have gzip and br variants: plain, gzip, br and HEAD are 200s.
        for (String status : new String[] { "200", "304", "206", "404" }) {
            assertTrue(byStatus.getOrDefault(status, 0L) > 0, status + " in " + byStatus);
        }
        assertEquals(300, byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus.toString());
    }

    @Test
    void theWarmUpIsTaggedInTheServerMetrics() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Probe.ready(management).httpStatus() == 200);
        // Every request tagged warm_up="true" is one of the warm-up's 300, whatever else the tests sent.
        var tagged = Pattern.compile(
                "(?m)^http_server_requests_seconds_count\\{[^}]*warm_up=\"true\"[^}]*} ([0-9.E]+)$")
                .matcher(Probe.metrics(management));
        double sum = 0;
        while (tagged.find()) {
            sum += Double.parseDouble(tagged.group(1));
        }
        assertEquals(300, (long) sum);
    }
}
