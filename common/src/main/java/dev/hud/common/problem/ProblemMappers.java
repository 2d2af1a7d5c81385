package dev.hud.common.problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Every error a HUD service answers is a {@link Problem}: the service's own, malformed or mistyped
 * JSON (naming the field), the framework's 4xx, and, without a stack trace, anything unexpected.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, @Context UriInfo uri) {
        Response response = respond(e.problem().at(uri.getPath()));
        if (e.retryAfterSeconds() > 0) {
            response.getHeaders().add("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, @Context UriInfo uri) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return respond(invalid(unknown.getPropertyName(), "unknown field", uri));
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String type = mismatch.getTargetType() == null ? "another type" : mismatch.getTargetType().getSimpleName();
            return respond(invalid(path(mismatch), "expected " + type, uri));
        }
        return respond(Problem.of(400, "Malformed JSON", e.getOriginalMessage()).at(uri.getPath()));
    }

    /** As specific as Quarkus's own mapper of this type (which answers without a problem body), so ours is chosen. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, @Context UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, @Context UriInfo uri) {
        int status = e.getResponse().getStatus();
        var reason = Response.Status.fromStatusCode(status);
        return respond(Problem.of(status, reason == null ? "Error" : reason.getReasonPhrase(), e.getMessage())
                .at(uri.getPath()));
    }

    /** No token, or one that is not valid (bad signature, expired, unsigned): 401 with the scheme to use. */
    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e, @Context UriInfo uri) {
        Response response = respond(Problem
                .of(401, "Unauthorized", "a valid bearer token is needed (POST /api/auth/token)").at(uri.getPath()));
        response.getHeaders().add("WWW-Authenticate", "Bearer");
        return response;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, @Context UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "this needs a role the caller does not have").at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, @Context UriInfo uri) {
        if (DatabaseFaults.rejectedValue(e)) {
            // SQL class 22 (data exception): a NUL character, a text too long, a number out of range the checks let
            // through.
            return respond(Problem.of(400, "Invalid request",
                    "the request holds a value that cannot be stored (such as a NUL character or a text"
                            + " that is too long)")
                    .at(uri.getPath()));
        }
        if (DatabaseFaults.unavailable(e)) {
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return problem(new ProblemException(Problem.of(503, "Service unavailable",
                    "the database is not reachable right now; try again shortly"), DATABASE_RETRY_AFTER_SECONDS), uri);
        }
        LOG.errorf(e, "Unexpected error on %s", uri.getPath());
        return respond(Problem.of(500, "Internal error", "the service failed; see its log").at(uri.getPath()));
    }

    private static Problem invalid(String field, String message, UriInfo uri) {
        return Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message)))
                .at(uri.getPath());
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
