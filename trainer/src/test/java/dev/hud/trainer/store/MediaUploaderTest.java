package dev.hud.trainer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.hud.trainer.TrainerConfig;

/**
 * The upload as the cdn's media API expects it (cdn/README.md), against a real HTTP server on the
 * loopback that records what arrives. The cdn's own tests cover what it does with it.
 */
class MediaUploaderTest {

    private record Received(String method, String uri, String authorization, byte[] body) {
    }

    @TempDir
    Path folder;

    private HttpServer server;
    private final AtomicReference<Received> received = new AtomicReference<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private volatile int status = 201;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/auth/service-token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchanges.incrementAndGet();
            boolean right = body.contains("\"secret\":\"shared-secret\"") && body.contains("\"service\":\"trainer\"");
            byte[] reply = (right
                    ? "{\"token\":\"exchanged-token\",\"expiresAt\":" + (System.currentTimeMillis() + 3_600_000) + "}"
                    : "{\"title\":\"Unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(right ? 200 : 401, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.createContext("/media", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) {
                byte[] served = "label,x\n1,2\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, served.length);
                exchange.getResponseBody().write(served);
                exchange.close();
                return;
            }
            received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes()));
            // What the cdn answers: the stored file in Location, its record (no URL) in the body.
            byte[] reply = ("{\"id\":\"abc\",\"kind\":\"model\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "/media/abc");
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void streamsTheFileWithTheServiceToken() throws IOException {
        Path model = Files.write(folder.resolve("model.zip"), new byte[] { 'P', 'K', 3, 4, 9, 9 });
        var uploader = uploader(Optional.of("service-token"));

        String location = uploader.upload(model, "model");

        Received request = received.get();
        assertEquals("POST", request.method());
        assertEquals("/media?kind=model&name=model.zip", request.uri());
        assertEquals("Bearer service-token", request.authorization());
        assertArrayEquals(Files.readAllBytes(model), request.body());
        assertEquals(base() + "/media/abc", location);
    }

    @Test
    void aRefusalIsAFailureToRetry() throws IOException {
        status = 503;
        Path oob = Files.writeString(folder.resolve("oob.csv"), "a,b\n1,2\n");
        var failed = assertThrows(MediaUploader.UploadFailed.class,
                () -> uploader(Optional.of("t")).upload(oob, "oob"));
        assertTrue(failed.getMessage().contains("503"), failed.getMessage());
    }

    @Test
    void aUrlWithoutATokenIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> uploader(Optional.empty()));
    }

    @Test
    void theSharedSecretIsExchangedForATokenOnceWhileItIsValid() throws IOException {
        Path model = Files.write(folder.resolve("model.zip"), new byte[] { 'P', 'K', 3, 4 });
        var uploader = uploader(Optional.empty(), Optional.of("shared-secret"));
        uploader.upload(model, "model");
        uploader.upload(model, "oob");
        assertEquals("Bearer exchanged-token", received.get().authorization());
        assertEquals(1, exchanges.get(), "the token is kept until shortly before it expires");

        var refused = assertThrows(MediaUploader.UploadFailed.class,
                () -> uploader(Optional.empty(), Optional.of("wrong-secret")).upload(model, "model"));
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
    }

    @Test
    void modelUploadsAndDataSetDownloadsShareOneToken() throws Exception {
        Path model = Files.write(folder.resolve("model.zip"), new byte[] { 'P', 'K', 3, 4 });
        TrainerConfig config = config(Optional.empty(), Optional.of("shared-secret"));
        ObjectMapper json = new ObjectMapper();
        var token = new ServiceToken(config, json);
        new MediaUploader(config, json, token).upload(model, "model");
        byte[] served = "label,x\n1,2\n".getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served));
        Path fetched = folder.resolve("fetched.csv");
        new DatasetDownloads(config, token).download(sha256, fetched);
        assertArrayEquals(served, Files.readAllBytes(fetched));
        assertEquals(1, exchanges.get(), "one exchange for the trainer, not one per use");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private MediaUploader uploader(Optional<String> token) {
        return uploader(token, Optional.empty());
    }

    private MediaUploader uploader(Optional<String> token, Optional<String> secret) {
        TrainerConfig config = config(token, secret);
        ObjectMapper json = new ObjectMapper();
        return new MediaUploader(config, json, new ServiceToken(config, json));
    }

    private TrainerConfig config(Optional<String> token, Optional<String> secret) {
        var media = new TrainerConfig.Media() {
            @Override
            public Optional<URI> gatewayUrl() {
                return secret.map(s -> URI.create(base()));
            }

            @Override
            public Optional<String> serviceSecret() {
                return secret;
            }

            @Override
            public Optional<URI> url() {
                return Optional.of(URI.create(base()));
            }

            @Override
            public Optional<String> token() {
                return token;
            }
        };
        return (TrainerConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { TrainerConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("media")) {
                        return media;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
