package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.e2e.system.BadInput.Case;
import dev.hud.e2e.system.BadInput.Operation;

/**
 * Bad input fired at every public endpoint of the running system: each operation every service's
 * OpenAPI document lists, plus the routes it does not (the cdn's media and assets, the sensors
 * stream, the gateway's edge to them). Whatever is tried, the answer is never a 5xx or a stack
 * trace; refused input is a 4xx with a problem body, naming the field where there is one.
 */
class BadInputIT {

    @RegisterExtension
    static final HudSystem system = new HudSystem("bad-input");

    private static Api admin;
    private static Api user;
    /** Invalid tokens by what is wrong with them, made once: a stranger's RSA key takes a while to generate. */
    private static Map<String, String> badTokens;

    private final List<String> violations = new ArrayList<>();
    private final Map<String, Map<Integer, Integer>> tried = new TreeMap<>();

    @BeforeAll
    static void users() throws Exception {
        admin = new Api(system.url()).login("admin", system.adminPassword());
        admin.post("/api/users", "{\"username\": \"bob\", \"password\": \"bob's long password\", \"role\": \"user\"}");
        user = new Api(system.url()).login("bob", "bob's long password");
        var signer = new JwtSigner(system.state.resolve("jwt/private.pem"));
        badTokens = Map.of("garbage", "not-a-token", "foreign key", JwtSigner.foreign().sign("admin", "admin", 3600),
                "expired", signer.sign("admin", "admin", -3600), "alg none", JwtSigner.unsigned("admin", "admin"),
                "unknown user", signer.sign("nobody-known", "user", 3600));
    }

    @Test
    void neverA5xxAlwaysAProblem() throws Exception {
        for (String service : List.of("gateway", "trainer", "sensors")) {
            JsonNode openapi = Api.json(new Api(system.management(service)).get("/q/openapi?format=json"));
            for (Operation operation : operations(openapi)) {
                Api caller = operation.path().startsWith("/api/") ? adminAt(service, service)
                        : new Api(system.url(service));
                for (Case c : BadInput.cases(operation, "00000000-0000-0000-0000-000000000000",
                        openapi.path("components").path("schemas"))) {
                    probe(service, caller, c);
                }
                if (!openapi.path("paths").path(operation.path()).path(operation.method().toLowerCase())
                        .path("security").isMissingNode()) {
                    tokens(service, operation);
                }
            }
        }
        for (Operation operation : routesOutsideOpenApi()) {
            String owner = operation.path().startsWith("/api/sensors") ? "sensors" : "cdn";
            for (String service : List.of(owner, "gateway")) {
                for (Case c : BadInput.cases(operation, "0000", null)) {
                    probe(service + ("gateway".equals(service) ? " edge" : " routes"), adminAt(service, owner), c);
                }
            }
        }
        for (String traversal : List.of("/assets/../../../../etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd",
                "/assets/%2e%2e/%2e%2e/etc/passwd",
                "/media/..%2F..%2Fblobs", "/media/../refs", "/assets/hud.css%00.js", "/api/../../etc/passwd",
                "/api/no-such-endpoint")) {
            for (String service : List.of("gateway", "cdn")) {
                probe(service + " traversal", new Api(system.url(service)),
                        new Case("raw " + traversal, "GET", traversal, null, null, null));
            }
        }
        // Admins only: a user is refused, with a problem.
        probe("gateway roles", user, new Case("user lists users", "GET", "/api/users", null, null, null));
        probe("gateway roles", user, new Case("user creates a user", "POST", "/api/users", "application/json",
                "{\"username\": \"eve\", \"password\": \"long enough password\", \"role\": \"admin\"}"
                        .getBytes(StandardCharsets.UTF_8),
                null));

        int total = tried.values().stream().flatMap(statuses -> statuses.values().stream()).mapToInt(Integer::intValue)
                .sum();
        System.out.println("bad input tried: " + total + " requests");
        tried.forEach((where, statuses) -> System.out
                .println("  " + where + ": " + statuses.values().stream().mapToInt(Integer::intValue).sum()
                        + " requests, answers " + statuses));
        assertTrue(violations.isEmpty(),
                violations.size() + " of " + total + " answers were wrong:\n" + String.join("\n", violations));
    }

    /** The operations of an OpenAPI document; pages (HTML) are left to the path checks. */
    private static List<Operation> operations(JsonNode openapi) {
        var operations = new ArrayList<Operation>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext();) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                var method = methods.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                var pathParameters = new ArrayList<String>();
                var queryParameters = new ArrayList<String>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    ("path".equals(parameter.path("in").asText()) ? pathParameters : queryParameters)
                            .add(parameter.path("name").asText());
                }
                String bodyType = null;
                JsonNode schema = null;
                var content = method.getValue().path("requestBody").path("content").fields();
                if (content.hasNext()) {
                    var first = content.next();
                    bodyType = first.getKey();
                    schema = first.getValue().path("schema");
                }
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), pathParameters,
                        queryParameters, bodyType, schema));
            }
        }
        return operations;
    }

    /** The Vert.x routes no OpenAPI document lists: the cdn's media and assets, the sensors stream. */
    private static List<Operation> routesOutsideOpenApi() {
        return List.of(new Operation("POST", "/media?kind=model", List.of(), List.of("name"), "application/zip", null),
                new Operation("GET", "/media", List.of(), List.of("page", "size"), null, null),
                new Operation("GET", "/media/{id}", List.of("id"), List.of(), null, null),
                new Operation("DELETE", "/media/{id}", List.of("id"), List.of(), null, null),
                new Operation("GET", "/assets/{file}", List.of("file"), List.of(), null, null),
                new Operation("GET", "/api/sensors/stream", List.of(), List.of("every", "node", "cores"), null, null));
    }

    /** Invalid tokens: none, garbage, a foreign key's signature, expired, unsigned, and a valid one of nobody known. */
    /**
     * An admin at {@code service}'s address with what {@code owner} honours: at the gateway a session, elsewhere a
     * token made for that service (as the gateway makes them; sessions are the gateway's alone).
     */
    private static Api adminAt(String service, String owner) throws Exception {
        return "gateway".equals(owner) ? admin.at(system.url(service))
                : Api.withToken(system.url(service), system.tokenFor(owner, "admin", "admin"));
    }

    private void tokens(String service, Operation operation) {
        String path = operation.path().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
        byte[] body = operation.bodyType() == null ? null : "{}".getBytes(StandardCharsets.UTF_8);
        probe(service + " tokens", new Api(system.url(service)),
                new Case("no token", operation.method(), path, operation.bodyType(), body, null));
        for (var token : badTokens.entrySet()) {
            probe(service + " tokens", Api.withToken(system.url(service), token.getValue()),
                    new Case(token.getKey() + " token", operation.method(), path, operation.bodyType(), body, null));
        }
    }

    private void probe(String where, Api caller, Case c) {
        String what = where + ": " + c.method() + " " + abbreviate(c.path()) + " [" + c.variant() + "]";
        int status;
        String type;
        String body;
        try {
            var request = HttpRequest.newBuilder(URI.create(caller.base + c.path())).timeout(Duration.ofSeconds(20))
                    .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            if (c.contentType() != null) {
                request.header("Content-Type", c.contentType());
            }
            if (caller.token != null) {
                request.header("Authorization", "Bearer " + caller.token);
            }
            HttpResponse<InputStream> response = Api.HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                // A stream that was accepted stays open: its headers are the answer.
                body = type.startsWith("text/event-stream") ? ""
                        : new String(in.readNBytes(200_000), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // A huge body may be refused (and the connection closed) before it is all sent: that is a refusal.
            if (c.body() != null && c.body().length >= BadInput.HUGE) {
                record(where, 413);
                return;
            }
            violations.add(what + ": no answer (" + e + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            violations.add(what + ": not a valid URI for a client (" + e.getMessage() + ")");
            return;
        }
        record(where, status);
        if (status >= 500) {
            violations.add(what + ": " + status + " " + abbreviate(body));
        } else if (body.contains("\tat ") || body.contains("Exception:")
                || body.matches("(?s).*at [a-z]+\\.[a-z]+\\..*\\(.*\\.java:\\d+\\).*")) {
            violations.add(what + ": a stack trace in the answer: " + abbreviate(body));
        } else if (status >= 400 && expectsProblem(c.path())) {
            if (!type.startsWith("application/problem+json")) {
                violations.add(what + ": " + status + " without a problem body (" + type + "): " + abbreviate(body));
            } else if (!body.contains("\"status\":" + status)) {
                violations.add(what + ": " + status + " with a problem of another status: " + abbreviate(body));
            } else if (c.field() != null && status == 400 && !body.contains(c.field())) {
                violations.add(what + ": the problem does not name " + c.field() + ": " + abbreviate(body));
            }
        } else if (status < 400 && refusable(c)) {
            violations.add(what + ": accepted (" + status + "): " + abbreviate(body));
        }
    }

    /** The API and the media store answer problems; pages and asset files may answer their own 404 page. */
    private static boolean expectsProblem(String path) {
        return path.startsWith("/api/") || path.startsWith("/media");
    }

    /**
     * Bodies and tokens that no endpoint may accept. (A token the system signed for a user it does
     * not know is its own word: it is tried for 5xx, not refused.)
     */
    private static boolean refusable(Case c) {
        return c.variant().endsWith("token") && !c.variant().equals("unknown user token")
                || List.of("huge body", "wrong content type", "malformed JSON", "JSON array", "JSON string",
                        "nested 5000 deep", "unknown field", "not an image").contains(c.variant())
                || c.variant().startsWith("wrong type of ")
                || c.variant().startsWith("user ");
    }

    private void record(String where, int status) {
        tried.computeIfAbsent(where, w -> new TreeMap<>()).merge(status, 1, Integer::sum);
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
