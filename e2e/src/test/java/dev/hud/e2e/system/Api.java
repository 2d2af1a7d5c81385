package dev.hud.e2e.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HUD's REST API as a client calls it: JSON over HTTP, a bearer token once logged in, SSE streams. */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String base;
    final String token;

    public Api(String base) {
        this(base, (String) null);
    }

    /**
     * The same caller (its token) at another address, such as a service's own (the cdn verifies the gateway's tokens).
     */
    public Api at(String otherBase) {
        return new Api(otherBase, token);
    }

    /** A caller presenting {@code token}, whatever it is. */
    public static Api withToken(String base, String token) {
        return new Api(base, token);
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same API as {@code username}: POST /api/auth/token. */
    public Api login(String username, String password) throws Exception {
        var response = post("/api/auth/token",
                JSON.createObjectNode().put("username", username).put("password", password).toString());
        if (response.statusCode() != 200) {
            throw new AssertionError("login of " + username + ": " + response.statusCode() + " " + response.body());
        }
        return new Api(base, json(response).path("token").asText());
    }

    /** The same caller towards the sensors' history: a one-minute token the gateway makes from this session. */
    public Api forSensors() throws Exception {
        var response = post("/api/auth/sensors-token", "");
        if (response.statusCode() != 200) {
            throw new AssertionError("sensors token: " + response.statusCode() + " " + response.body());
        }
        return new Api(base, json(response).path("token").asText());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A private file through the API: its redirect to the cdn with an access link, then the file itself, without a
     * token.
     */
    public HttpResponse<byte[]> viaAccessLink(String apiPath) throws Exception {
        HttpResponse<String> redirect = get(apiPath);
        if (redirect.statusCode() != 303) {
            throw new AssertionError(apiPath + " answered " + redirect.statusCode() + ": " + redirect.body());
        }
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        return bytes(location.getRawPath() + "?" + location.getRawQuery());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A job as GET /api/training-jobs/{id} shows it. */
    public JsonNode job(String id) throws Exception {
        return json(get("/api/training-jobs/" + id));
    }

    /**
     * Polls the job until it has ended (succeeded, failed, cancelled), at most {@code seconds}; returns it as last
     * seen.
     */
    public JsonNode awaitEnd(String id, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode job = job(id);
        while (!ended(job) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            job = job(id);
        }
        return job;
    }

    static boolean ended(JsonNode job) {
        return switch (job.path("status").asText()) {
            case "succeeded", "failed", "cancelled" -> true;
            default -> false;
        };
    }

    /** One server-sent event. */
    public record Event(String name, String data) {

        public JsonNode json() throws IOException {
            return JSON.readTree(data);
        }
    }

    /** An open SSE stream: its events arrive in a queue while the test goes on. */
    public final class Events implements AutoCloseable {

        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final Stream<String> lines;

        Events(String path) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + response.statusCode());
            }
            lines = response.body();
            var reader = new Thread(this::read, "sse " + path);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String name = "message";
            var data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            queue.add(new Event(name, data.toString()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                    }
                }
            } catch (RuntimeException closed) {
                // the stream was closed (by close(), or the server went away)
            }
        }

        /** The next event, or null after {@code seconds}. */
        public Event next(int seconds) throws InterruptedException {
            return queue.poll(seconds, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    public Events events(String path) throws IOException, InterruptedException {
        return new Events(path);
    }
}
