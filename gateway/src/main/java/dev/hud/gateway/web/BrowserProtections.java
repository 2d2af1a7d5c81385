package dev.hud.gateway.web;

import java.net.URI;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.RawProblems;
import dev.hud.gateway.auth.AuthConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What a browser is told on every answer, and the gateway's defence against cross-site requests.
 * <ul>
 * <li>A Content-Security-Policy without inline script ({@code script-src 'self'}: the app's modules only), no framing
 * ({@code frame-ancestors 'none'}), {@code nosniff} and a referrer policy; HSTS when the request came over TLS (also as
 * forwarded by a trusted proxy). Styles may be inline: the heat map colours its cells with a style attribute.</li>
 * <li>A state change (any method but GET, HEAD, OPTIONS) authenticated by the session cookie must come from a page of
 * this site: its {@code Origin} (or, without one, {@code Referer}) must be this site, else 403. The cookie is also
 * SameSite=Strict; this holds where SameSite does not (sibling subdomains, old browsers). Requests with a bearer token
 * are not ridden by a browser and pass.</li>
 * </ul>
 */
@ApplicationScoped
class BrowserProtections {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** First of all: the headers go on every answer, including refusals and what the local edge forwards. */
    private static final int ORDER = -300;

    void register(@Observes Router router, ObjectMapper json, AuthConfig auth) {
        router.route().order(ORDER).handler(context -> {
            context.addHeadersEndHandler(done -> headers(context));
            if (crossSite(context.request(), auth.sessionCookie())) {
                RawProblems.send(
                        context, Problem.of(403, "Forbidden",
                                "a change made with the session cookie must come from a page"
                                        + " of this site (Origin " + context.request().getHeader("Origin") + ")"),
                        json);
                return;
            }
            context.next();
        });
    }

    private static void headers(RoutingContext context) {
        var headers = context.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
        if ("https".equals(context.request().scheme())) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    /** A cookie-authenticated state change whose page is not of this site (or does not say). */
    static boolean crossSite(HttpServerRequest request, String sessionCookie) {
        if (SAFE.contains(request.method()) || request.getHeader("Authorization") != null
                || request.getCookie(sessionCookie) == null) {
            return false;
        }
        String from = request.getHeader("Origin");
        if (from == null || from.equals("null")) {
            from = request.getHeader("Referer");
        }
        if (from == null) {
            return true;
        }
        try {
            URI page = URI.create(from);
            // The authority, not the Host header: over HTTP/2 (h2c clients) there is only :authority.
            var site = request.authority();
            if (site == null) {
                return true;
            }
            String authority = site.host() + (site.port() > 0 ? ":" + site.port() : "");
            return !(request.scheme() + "://" + authority)
                    .equalsIgnoreCase(page.getScheme() + "://" + page.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
