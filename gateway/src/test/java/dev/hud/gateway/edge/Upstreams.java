package dev.hud.gateway.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Two real HTTP servers on the loopback, standing where the cdn and sensors services stand:
 * the cdn one serves files from a folder, the sensors one answers with what it received, so a
 * test can see exactly what the gateway forwarded.
 */
public class Upstreams implements QuarkusTestResourceLifecycleManager {

    static Path assetRoot;
    private HttpServer cdn;
    private HttpServer sensors;

    @Override
    public Map<String, String> start() {
        try {
            assetRoot = Files.createTempDirectory("hud-edge-assets");
            cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            cdn.createContext("/", Upstreams::serveFile);
            sensors = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            sensors.createContext("/", Upstreams::echo);
            cdn.start();
            sensors.start();
            return Map.of(
                    "hud.edge.cdn-url", "http://127.0.0.1:" + cdn.getAddress().getPort(),
                    "hud.edge.sensors-url", "http://127.0.0.1:" + sensors.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        cdn.stop(0);
        sensors.stop(0);
    }

    private static void serveFile(HttpExchange exchange) throws IOException {
        Path file = assetRoot.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
        exchange.getResponseHeaders().add("X-Served-By", "cdn");
        if (!file.startsWith(assetRoot) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type",
                file.toString().endsWith(".js") ? "text/javascript" : "application/zip");
        exchange.sendResponseHeaders(200, Files.size(file));
        try (var body = exchange.getResponseBody()) {
            Files.copy(file, body);
        }
    }

    private static void echo(HttpExchange exchange) throws IOException {
        String received;
        try (InputStream in = exchange.getRequestBody()) {
            received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String reply = exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + received;
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Served-By", "sensors");
        exchange.getResponseHeaders().add("X-Cookie-Seen",
                String.valueOf(exchange.getRequestHeaders().containsKey("Cookie")));
        exchange.getResponseHeaders().add("X-Bearer-Seen",
                String.valueOf(exchange.getRequestHeaders().containsKey("Authorization")));
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }
}
