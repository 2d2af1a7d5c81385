package dev.hud.trainer.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.trainer.TrainerConfig;

/**
 * The trainer's token for the cdn: the one configured ({@code hud.trainer.media.token}), or one the
 * gateway issues for the shared service secret ({@code POST /api/auth/service-token}), fetched when
 * first needed and again five minutes before it expires. Kubernetes installs use the second: Helm
 * cannot sign a token, but it can make a secret both sides share. One per trainer: model uploads and data set downloads
 * share it, so the trainer asks the gateway once, not once per use.
 */
@Singleton
public class ServiceToken {

    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final Optional<String> fixed;
    private final Optional<URI> gateway;
    private final Optional<String> secret;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private String token;
    private long expiresAt;

    /** @throws IllegalStateException a cdn is configured but no way to a token is */
    public ServiceToken(TrainerConfig config, ObjectMapper json) {
        this.fixed = config.media().token();
        this.gateway = config.media().gatewayUrl();
        this.secret = config.media().serviceSecret();
        this.json = json;
        if (config.media().url().isPresent() && fixed.isEmpty() && (gateway.isEmpty() || secret.isEmpty())) {
            throw new IllegalStateException("hud.trainer.media.url is set but neither hud.trainer.media.token nor"
                    + " hud.trainer.media.gateway-url with hud.trainer.media.service-secret is");
        }
    }

    synchronized String current() throws IOException, InterruptedException {
        if (fixed.isPresent()) {
            return fixed.get();
        }
        if (token == null || System.currentTimeMillis() > expiresAt - RENEW_BEFORE.toMillis()) {
            var request = HttpRequest.newBuilder(gateway.orElseThrow().resolve("/api/auth/service-token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("service", "trainer",
                            "secret", secret.orElseThrow()))))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(
                        "the gateway answered " + response.statusCode() + " for a service token: " + response.body());
            }
            JsonNode answer = json.readTree(response.body());
            token = answer.path("token").asText();
            expiresAt = answer.path("expiresAt").asLong();
        }
        return token;
    }
}
