package dev.hud.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A job's event stream asks the proxies in front (an Ingress controller) to pass each event on unbuffered. */
@QuarkusTest
class EventStreamHeadersTest {

    @TestHTTPResource("/api/training-jobs/")
    URI jobs;

    @Test
    void aJobsEventStreamIsNotBufferedByProxies() throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, Api.SMALL_GRID);
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(jobs.resolve(id + "/events")).header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, stream.statusCode());
            assertEquals(Optional.of("no"), stream.headers().firstValue("X-Accel-Buffering"));
        } finally {
            stream.body().close();
        }
    }
}
