package dev.hud.cdn.media;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.RawProblems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** How the media routes answer: JSON bodies, and problems (RFC 9457) naming the field or the media at fault. */
@ApplicationScoped
class MediaAnswers {

    private final ObjectMapper json;

    MediaAnswers(ObjectMapper json) {
        this.json = json;
    }

    void json(RoutingContext context, Object body) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        try {
            context.response().end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    void problem(RoutingContext context, Problem problem) {
        RawProblems.send(context, problem, json);
    }

    void invalid(RoutingContext context, String field, String message) {
        problem(context, Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }

    void notFound(RoutingContext context, String id) {
        problem(context, Problem.of(404, "Not found", "no media " + id));
    }

    void unauthorized(RoutingContext context, String detail) {
        context.response().putHeader("WWW-Authenticate", "Bearer");
        problem(context, Problem.of(401, "Unauthorized", detail));
    }
}
