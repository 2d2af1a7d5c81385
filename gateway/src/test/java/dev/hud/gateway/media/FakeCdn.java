package dev.hud.gateway.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server on a free loopback port standing where the cdn's media API stands ({@code hud.media.cdn-url}): it
 * lists the records a test gives it the way the cdn pages them, deletes, stores uploads that start as a PNG does, and
 * records every request it receives so that a test sees exactly what the gateway asked.
 */
public class FakeCdn implements QuarkusTestResourceLifecycleManager {

    /** One request as received. */
    public record Received(String method, String path, String query, String authorization) {
    }

    /** A media record as the cdn lists it. */
    public record Item(String id, String kind, long created) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** What each upload stored, by its id (the sha-256 of its bytes). */
    static final Map<String, byte[]> STORED = new ConcurrentHashMap<>();
    static final List<Item> ITEMS = new CopyOnWriteArrayList<>();
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G' };
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/media", FakeCdn::answer);
            server.start();
            return Map.of("hud.media.cdn-url", "http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    /** Requests received with this method, in order. */
    public static List<Received> received(String method) {
        return RECEIVED.stream().filter(r -> r.method().equals(method)).toList();
    }

    /** The bytes an upload stored under {@code id}, or null. */
    public static byte[] stored(String id) {
        return STORED.get(id);
    }

    public static void reset(List<Item> items) {
        RECEIVED.clear();
        ITEMS.clear();
        ITEMS.addAll(items);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        try (var in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        var uri = exchange.getRequestURI();
        RECEIVED.add(new Received(exchange.getRequestMethod(), uri.getPath(), uri.getQuery(),
                exchange.getRequestHeaders().getFirst("Authorization")));
        switch (exchange.getRequestMethod()) {
            case "GET" -> list(exchange, query(uri.getQuery(), "page"), query(uri.getQuery(), "size"));
            case "DELETE" -> send(exchange, 204, null, null);
            case "POST" -> upload(exchange, body, uri.getQuery());
            default -> send(exchange, 405, null, null);
        }
    }

    private static void list(HttpExchange exchange, int page, int size) throws IOException {
        var items = new ArrayList<Map<String, Object>>();
        for (int i = page * size; i < Math.min(ITEMS.size(), (page + 1) * size); i++) {
            Item item = ITEMS.get(i);
            items.add(Map.of("id", item.id(), "kind", item.kind(), "originalName", item.kind(), "contentType",
                    "application/octet-stream", "size", 10, "owner", "someone", "created", item.created()));
        }
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(
                Map.of("items", items, "page", page, "size", size, "total", ITEMS.size())));
    }

    private static void upload(HttpExchange exchange, byte[] body, String query) throws IOException {
        // As the cdn judges content: a data set is UTF-8 text with a header line; anything else must be an image.
        boolean dataset = query != null && query.contains("kind=dataset");
        boolean accepted = dataset ? new String(body, StandardCharsets.UTF_8).indexOf('\n') > 0
                : body.length >= PNG.length && Arrays.equals(PNG, 0, PNG.length, body, 0, PNG.length);
        if (!accepted) {
            send(exchange, 415, "application/problem+json", JSON.writeValueAsBytes(Map.of("type", "about:blank",
                    "title", "Unsupported Media Type", "status", 415, "detail", "not a PNG, JPEG or WebP image")));
            return;
        }
        String id;
        try {
            id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)); // content-addressed
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        STORED.put(id, body);
        send(exchange, 201, "application/json", JSON.writeValueAsBytes(Map.of("id", id, "url", "/media/" + id)));
    }

    private static int query(String query, String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return Integer.parseInt(pair.substring(name.length() + 1));
                }
            }
        }
        return 0;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
