package dev.hud.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Event streams are bounded per user (20 by default): the 21st is refused, and a closed one frees its place. */
@QuarkusTest
class StreamLimitTest {

    @TestHTTPResource("/api/training-jobs/")
    URI jobs;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<InputStream> open(String token, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(jobs.resolve(id + "/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aUserHasAtMostTwentyStreamsOpen() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, Api.SMALL_GRID);
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                var stream = open(token, id);
                assertEquals(200, stream.statusCode(), "stream " + i);
                open.add(stream);
            }
            var refused = open(token, id);
            assertEquals(429, refused.statusCode());
            assertTrue(new String(refused.body().readAllBytes()).contains("event streams open"));

            open.remove(0).body().close();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                var again = open(token, id);
                if (again.statusCode() == 200) {
                    open.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            for (var stream : open) {
                stream.body().close();
            }
        }
    }
}
