package dev.hud.gateway.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import dev.hud.gateway.users.User;
import io.vertx.ext.web.RoutingContext;

/** A user's session: the token, as the API's answer and as the web app's cookie. */
@ApplicationScoped
public class Sessions {

    private final AuthConfig config;
    private final TokenIssuer tokens;

    Sessions(AuthConfig config, TokenIssuer tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    /** A new session for {@code user} (after a login, or a change of their own password). */
    public Response open(User user, RoutingContext request) {
        Instant expires = Instant.now().plus(config.tokenLifetime());
        String token = tokens.signForUser(user.id, user.username, user.role, user.tokenVersion, expires);
        // The web app's pages use the same token from an HttpOnly cookie (scripts never see it;
        // EventSource sends it); API clients send it as a bearer token.
        var cookie = cookie(token, "https".equals(request.request().scheme())).sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) config.tokenLifetime().toSeconds()).build();
        return Response.ok(new TokenResource.Token(token, "Bearer", expires.toEpochMilli(), user.username, user.role))
                .cookie(cookie)
                .build();
    }

    /** The cookie that removes the web app's session (Secure when its name demands it, as the one it removes was). */
    public NewCookie closed() {
        return cookie("", false).maxAge(0).build();
    }

    /**
     * Secure over TLS (as forwarded by a trusted proxy), and always with the {@code __Host-} prefix, which demands it.
     */
    private NewCookie.Builder cookie(String value, boolean tls) {
        String name = config.sessionCookie();
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true)
                .secure(tls || name.startsWith("__Host-"));
    }
}
