package dev.hud.gateway.auth;

import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.users.PasswordPolicy;
import dev.hud.gateway.users.UserService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/auth/token}: a signed JWT (RS256, issuer "hud", the user's role in "groups") for
 * a user name and password. Every service verifies it with the gateway's public key.
 */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    public record Credentials(String username, String password) {
    }

    public record Token(String token, String tokenType, long expiresAt, String username, String role) {
    }

    public record Me(String username, String role, long expiresAt) {
    }

    public record AccessToken(String token, String tokenType, long expiresAt) {
    }

    private final UserService users;
    private final LoginThrottle throttle;
    private final JsonWebToken caller;
    private final Sessions sessions;
    private final TokenIssuer tokens;

    TokenResource(UserService users, LoginThrottle throttle, JsonWebToken caller, Sessions sessions,
            TokenIssuer tokens) {
        this.users = users;
        this.throttle = throttle;
        this.caller = caller;
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in: a token for a user name and password")
    @CustomDeserialization(StrictJson.class)
    public Response token(Credentials credentials, RoutingContext request) {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw ProblemException.invalid(
                    credentials == null || credentials.username() == null ? "username" : "password", "required");
        }
        // Checked before anything is remembered: a name no user can have is not a failed login, only a bad request.
        if (!UserService.isPossibleUsername(credentials.username())) {
            throw ProblemException.invalid("username", UserService.USERNAME_RULE);
        }
        if (!PasswordPolicy.isPossible(credentials.password())) {
            throw ProblemException.invalid("password", PasswordPolicy.POSSIBLE_RULE);
        }
        var attempt = new LoginThrottle.Attempt(credentials.username(),
                request.request().remoteAddress().hostAddress());
        long wait = throttle.begin(attempt);
        if (wait > 0) {
            throw new ProblemException(
                    Problem.of(429, "Too many attempts", "too many failed logins; try again in " + wait + " s"),
                    wait);
        }
        var user = users.authenticate(credentials.username(), credentials.password());
        if (user.isEmpty()) {
            throw new ProblemException(Problem.of(401, "Unauthorized", "wrong user name or password"));
        }
        throttle.succeeded(attempt);
        if (user.get().disabled) {
            throw new ProblemException(
                    Problem.of(403, "Forbidden", "this account is disabled; an admin can enable it again"));
        }
        return sessions.open(user.get(), request);
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Log out: every session of the caller ends (tokens included), and the web app's cookie goes")
    public Response logout() {
        String name;
        try {
            name = caller.getName() == null || caller.getGroups().contains("service") ? null : caller.getName();
        } catch (AuthenticationFailedException ended) {
            name = null; // its session has ended already: only the cookie is left to drop
        }
        if (name != null) {
            users.endSessions(name);
        }
        return Response.noContent().cookie(sessions.closed()).build();
    }

    @POST
    @Path("/sensors-token")
    @Authenticated
    @Operation(summary = "A token for the sensors' history, valid for a minute, made from the caller's session")
    public AccessToken sensorsToken() {
        Instant expires = Instant.now().plus(TokenIssuer.ACCESS_LIFETIME);
        return new AccessToken(tokens.forSensors(caller.getName(), caller.getGroups(), expires), "Bearer",
                expires.toEpochMilli());
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "Who the token belongs to")
    public Me me() {
        return new Me(caller.getName(), caller.getGroups().stream().findFirst().orElse(null),
                caller.getExpirationTime() * 1000);
    }
}
