package dev.hud.sensors.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real SSE client over HTTP: collects the events of one connection into a queue. */
public final class SseReader implements AutoCloseable {

    public record Event(long id, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean closed;
    volatile int status;

    public SseReader(URI uri, String... headers) {
        var request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(answer -> {
            status = answer.statusCode();
            var consumer = new Thread(() -> {
                long id = -1;
                try {
                    for (var iterator = answer.body().iterator(); iterator.hasNext() && !closed;) {
                        String line = iterator.next();
                        if (line.startsWith("id: ")) {
                            id = Long.parseLong(line.substring(4));
                        } else if (line.startsWith("data: ")) {
                            events.add(new Event(id, JSON.readTree(line.substring(6))));
                        }
                    }
                } catch (Exception e) {
                    // connection closed
                }
            }, "sse-reader");
            consumer.setDaemon(true);
            consumer.start();
        });
    }

    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return event;
    }

    public List<Event> take(int count, Duration timeout) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        while (taken.size() < count) {
            taken.add(next(timeout));
        }
        return taken;
    }

    @Override
    public void close() {
        closed = true;
        response.cancel(true);
        response.thenAccept(answer -> answer.body().close());
    }
}
