package dev.hud.sensors.stream;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.RawProblems;
import dev.hud.sensors.node.AgentSkips;
import dev.hud.sensors.node.SensorsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/sensors/stream}: Server-Sent Events, one JSON event per sample ({@code id} = its
 * sequence number), a heartbeat comment every 15 s, resume with Last-Event-ID (header or
 * {@code ?lastEventId=}) from the kept samples, filters {@code ?node=} and {@code ?cores=}, and
 * down-sampling {@code ?every=1s}. Served on the event loop: one connection costs a few objects. A client address may
 * hold {@code hud.sensors.max-streams-per-client} streams at once ({@link ClientStreams}).
 */
@ApplicationScoped
class StreamRoutes {

    private final Broadcaster broadcaster;
    private final ClientStreams clients;
    private final ObjectMapper json;
    private final Counter dropped;
    private final int writeQueue;

    StreamRoutes(Broadcaster broadcaster, ClientStreams clients, ObjectMapper json, MeterRegistry registry,
            SensorsConfig config) {
        this.broadcaster = broadcaster;
        this.clients = clients;
        this.json = json;
        this.writeQueue = config.streamWriteQueue();
        this.dropped = Counter.builder("hud.sensors.stream.dropped").description("samples not sent to slow clients")
                .register(registry);
        Gauge.builder("hud.sensors.stream.clients", broadcaster, Broadcaster::subscribers).register(registry);
    }

    void register(@Observes Router router) {
        router.get("/api/sensors/stream").order(-10).handler(this::stream);
    }

    private void stream(RoutingContext context) {
        StreamRequest request;
        try {
            String lastEventId = context.request().getHeader("Last-Event-ID");
            request = StreamRequest.parse(context.request().getParam("node"), context.request().getParam("cores"),
                    context.request().getParam("every"),
                    lastEventId != null ? lastEventId : context.request().getParam("lastEventId"));
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            problem(context, Problem.invalid(e.getMessage(), List.of(new Problem.FieldError(field, e.getMessage()))));
            return;
        }
        Runnable slot = clients.acquire(context.request().remoteAddress().hostAddress());
        if (slot == null) {
            context.response().putHeader("Retry-After", "30");
            problem(context, Problem.of(429, "Too many streams", "this client has " + clients.maxPerClient()
                    + " open streams already: close one (each browser tab of the dashboard holds one)"));
            return;
        }
        var response = context.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(writeQueue);
        response.write("retry: 2000\n\n");
        var client = new SseClient(response, context.vertx().getOrCreateContext(), request, json, dropped);
        Runnable end = () -> {
            slot.run();
            broadcaster.unsubscribe(client);
        };
        client.onGiveUp(end);
        response.closeHandler(closed -> end.run());
        response.exceptionHandler(failed -> end.run());
        broadcaster.subscribe(client, request.lastEventId(), request.node(), client::replay);
    }

    /** Keeps idle proxies from closing quiet connections, and finds dead ones. */
    @Scheduled(every = "15s", delayed = "15s", skipExecutionIf = AgentSkips.class)
    void heartbeat() {
        for (var subscriber : broadcaster.all()) {
            if (subscriber instanceof SseClient client) {
                client.heartbeat();
            }
        }
    }

    private void problem(RoutingContext context, Problem problem) {
        RawProblems.send(context, problem, json);
    }
}
