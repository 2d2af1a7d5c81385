package dev.hud.gateway.edge;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.RawProblems;
import dev.hud.gateway.datasets.DatasetsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * The gateway's own routes take small bodies ({@code hud.http.max-body}, JSON and forms), read whole into memory; only
 * what the local edge forwards to the cdn (uploads, streamed, never buffered here) may be larger, up to
 * {@code quarkus.http.limits.max-body-size}, and a data set's upload ({@code hud.datasets.max-bytes}, read as a
 * stream). A larger declared body is refused with 413 before it is read, and a body
 * of unknown length (chunked) with 411: its size could only be learnt by reading it. Behind an Ingress nothing is
 * forwarded, so every route has the small limit.
 */
@ApplicationScoped
class BodyLimits {

    /** Before the edge's forwarding (-100) and every REST route. */
    private static final int ORDER = -200;

    /** The one route that reads a large body, as a stream: a data set's upload. */
    static final String DATASET_UPLOADS = "/api/datasets";

    void register(@Observes Router router, EdgeConfig edge, HttpConfig config, DatasetsConfig datasets,
            ObjectMapper json) {
        List<String> forwarded = new ArrayList<>();
        edge.cdnUrl().ifPresent(cdn -> forwarded.addAll(List.of("/assets", "/media")));
        edge.sensorsUrl().ifPresent(sensors -> forwarded.add("/api/sensors"));
        long small = config.maxBody().asLongValue();
        long dataset = Math.max(small, datasets.maxBytes().asLongValue());
        router.route().order(ORDER).handler(context -> {
            String path = context.request().path();
            if (forwarded.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"))) {
                context.next();
                return;
            }
            long limit = path.equals(DATASET_UPLOADS) ? dataset : small;
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                RawProblems.send(context,
                        Problem.of(411, "Length Required", "a request body must declare its length (Content-Length)"),
                        json);
            } else if (length != null && declared(length) > limit) {
                RawProblems.send(context,
                        Problem.of(413, "Content Too Large", "a request body here is at most " + limit + " bytes"),
                        json);
            } else {
                context.next();
            }
        });
    }

    /** The declared length; an unreadable one counts as too large. */
    private static long declared(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
