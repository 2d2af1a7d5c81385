package dev.hud.cdn.media;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.jboss.logging.Logger;

import dev.hud.common.problem.Problem;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may do what with media. Callers present a bearer token the gateway made for the cdn (audience {@code hud-cdn}:
 * a service's, or the gateway's acting for a person it has checked); people's sessions are the gateway's and are
 * refused. Private media is read with the gateway's access link for that one file, or an admin's or service's token.
 */
@ApplicationScoped
class MediaAccess {

    private static final Logger LOG = Logger.getLogger(MediaAccess.class);
    /** The group and claim of the gateway's access links (its {@code TokenIssuer.signMediaAccess}). */
    static final String MEDIA_ACCESS = "media";

    private final JWTParser tokens;
    private final MediaAnswers answers;

    MediaAccess(JWTParser tokens, MediaAnswers answers) {
        this.tokens = tokens;
        this.answers = answers;
    }

    /** The caller, or empty after answering 401 (or 503 when tokens cannot be verified at all). */
    Optional<Caller> authenticate(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            answers.unauthorized(context, "a bearer token is required");
            return Optional.empty();
        }
        try {
            var token = tokens.parse(header.substring(7).strip());
            return Optional.of(new Caller(token.getName(), token.getGroups()));
        } catch (ParseException e) {
            answers.unauthorized(context, "the bearer token is not valid");
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.errorf("cannot verify tokens (is mp.jwt.verify.publickey.location readable?): %s", e.getMessage());
            answers.problem(context, Problem.of(503, "Unavailable", "token verification is not configured"));
            return Optional.empty();
        }
    }

    /**
     * Models, out-of-bag data and data sets are not served for their id alone: the request carries the gateway's access
     * link for this very file ({@code ?access=}, a token of a few minutes that the gateway signs for someone who may
     * read it), or an admin's or service's token. Answers 401 or 403 otherwise.
     */
    boolean mayRead(RoutingContext context, String id) {
        String access = context.request().getParam("access");
        if (access != null) {
            try {
                var token = tokens.parse(access);
                Object claim = token.getClaim(MEDIA_ACCESS);
                String granted = claim instanceof JsonString text ? text.getString() : String.valueOf(claim);
                if (token.getGroups().contains(MEDIA_ACCESS) && id.equals(granted)) {
                    return true;
                }
                answers.problem(context, Problem.of(403, "Forbidden", "this access link is for other media"));
            } catch (ParseException e) {
                answers.problem(context, Problem.of(403, "Forbidden",
                        "the access link is not valid or has expired: ask the API for a new one"));
            }
            return false;
        }
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            answers.unauthorized(context, "private media: use the download link the API gives");
            return false;
        }
        Optional<Caller> caller = authenticate(context);
        if (caller.isEmpty()) {
            return false;
        }
        if (!caller.get().admin() && !caller.get().groups().contains(Caller.SERVICE)) {
            answers.problem(context,
                    Problem.of(403, "Forbidden", "private media: use the download link the API gives"));
            return false;
        }
        return true;
    }
}
