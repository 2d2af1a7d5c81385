package dev.hud.sensors.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** One client address may hold two streams here: a third is refused with a problem, and a closed one frees its slot. */
@QuarkusTest
@TestProfile(StreamsPerClientTest.Two.class)
class StreamsPerClientTest {

    public static class Two implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hud.sensors.max-streams-per-client", "2");
        }
    }

    private static final Duration READ = Duration.ofSeconds(10);

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    ClientStreams clients;

    @Inject
    Broadcaster broadcaster;

    @Test
    void aClientHoldsAtMostItsStreams() throws Exception {
        try (var first = new SseReader(stream); var second = new SseReader(stream)) {
            first.next(READ);
            second.next(READ);
            // The answer is taken as a stream: were the third stream let in, its body would never end.
            HttpResponse<InputStream> third = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(stream).timeout(READ).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = third.body()) {
                assertEquals(429, third.statusCode());
                assertEquals("application/problem+json", third.headers().firstValue("Content-Type").orElse(""));
                assertEquals("30", third.headers().firstValue("Retry-After").orElse(""));
                assertEquals(429, new ObjectMapper().readTree(body).path("status").asInt());
            }

            second.close();
            // The server learns of the closed stream when its connection ends (slot first, then the subscription): wait
            // for that.
            await().atMost(READ).until(() -> broadcaster.subscribers() == 1);
            try (var again = new SseReader(stream)) {
                again.next(READ);
                assertEquals(200, again.status);
            }
        }
        await().atMost(READ).until(() -> clients.clients() == 0);
    }
}
