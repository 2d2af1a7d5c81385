package dev.hud.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/auth/service-token}: a short-lived token with the role {@code service} for one of
 * HUD's own services (the trainers, to upload models to the cdn) that knows the shared service secret
 * ({@code hud.auth.service-secret}, from the chart's Secret). The token is for the cdn only (its audience), and
 * named {@code hud-<service>}, a name no user can have. Without that secret configured, the endpoint does not exist.
 * Failed attempts are throttled like logins.
 */
@Path("/api/auth/service-token")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceTokens {

    static final Duration LIFETIME = Duration.ofHours(1);
    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public record Request(String service, String secret) {
    }

    public record Issued(String token, long expiresAt, String service) {
    }

    private final AuthConfig config;
    private final LoginThrottle throttle;
    private final TokenIssuer tokens;

    ServiceTokens(AuthConfig config, LoginThrottle throttle, TokenIssuer tokens) {
        this.config = config;
        this.throttle = throttle;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A service token for one of HUD's services that knows the shared service secret")
    @CustomDeserialization(StrictJson.class)
    public Issued issue(Request request, RoutingContext http) {
        String expected = config.serviceSecret()
                .orElseThrow(() -> ProblemException.notFound("no service secret is configured"));
        if (request == null || request.service() == null || !SERVICE.matcher(request.service()).matches()) {
            throw ProblemException.invalid("service", "a service name: a-z, 0-9, -");
        }
        var attempt = new LoginThrottle.Attempt("service:" + request.service(),
                http.request().remoteAddress().hostAddress());
        long wait = throttle.begin(attempt);
        if (wait > 0) {
            throw new ProblemException(Problem.of(429, "Too many attempts", "try again in " + wait + " s"), wait);
        }
        if (request.secret() == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                request.secret().getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(401, "Unauthorized", "wrong service secret"));
        }
        throttle.succeeded(attempt);
        Instant expires = Instant.now().plus(LIFETIME);
        // Services use their token only to upload to the cdn.
        String token = tokens.sign("hud-" + request.service(), Set.of("service"), expires, TokenIssuer.CDN);
        return new Issued(token, expires.toEpochMilli(), request.service());
    }
}
