package dev.hud.gateway.media;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.auth.TokenIssuer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** The cdn client when one is configured, and the short-lived tokens the gateway signs to call it. */
@ApplicationScoped
public class Cdn {

    private final Optional<CdnClient> client;
    private final TokenIssuer tokens;

    Cdn(MediaConfig config, TokenIssuer tokens) {
        this.tokens = tokens;
        this.client = config.cdnUrl().map(url -> QuarkusRestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .build(CdnClient.class));
    }

    public Optional<CdnClient> client() {
        return client;
    }

    public CdnClient required() {
        return client.orElseThrow(() -> new ProblemException(Problem.of(503, "Service unavailable",
                "no cdn is configured (hud.media.cdn-url)")));
    }

    /** "Bearer ..." for the gateway itself, as admin (it lists and removes any media). */
    public String asGateway() {
        return bearer("hud-gateway", Set.of("admin", "service"));
    }

    /** "Bearer ..." acting for one user (their uploads are recorded as theirs). */
    public String asUser(String username) {
        return bearer(username, Set.of("user"));
    }

    private String bearer(String name, Set<String> groups) {
        return "Bearer " + tokens.sign(name, groups, Instant.now().plus(TokenIssuer.ACCESS_LIFETIME), TokenIssuer.CDN);
    }
}
