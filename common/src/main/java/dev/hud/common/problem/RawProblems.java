package dev.hud.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** A problem (RFC 9457) as the answer of a Vert.x route, which the REST layer's exception mappers never see. */
public final class RawProblems {

    private RawProblems() {
    }

    /**
     * Ends the response with {@code problem} for the request's path; does nothing when the response has already ended.
     */
    public static void send(RoutingContext context, Problem problem, ObjectMapper json) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        try {
            String body = json.writeValueAsString(problem.at(context.request().path()));
            context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(body);
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }
}
