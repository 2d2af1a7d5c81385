package dev.hud.cdn.warmup;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.hud.cdn.CdnConfig;
import dev.hud.cdn.assets.AssetRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Once the HTTP server listens, requests the cdn's own hot paths ({@link WarmUpPlan}) over real HTTP on 127.0.0.1,
 * {@code hud.cdn.warm-up.connections} at a time, until {@code requests} are answered or the timeout; then
 * {@link WarmUpState} lets readiness report UP. A fresh JVM interprets its code: the JIT compiles the paths these
 * requests take before any client waits on them. Counted in {@code hud_cdn_warm_up_requests_total} by status.
 */
@Singleton
class WarmUp {

    /** Marks the warm-up's requests (see {@link WarmUpTags}). */
    static final String HEADER = "X-Hud-Warm-Up";

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final CdnConfig.WarmUp config;
    private final WarmUpState state;
    private final AssetRoutes assets;
    private final HttpServer server;
    private final Vertx vertx;
    private final MeterRegistry registry;

    WarmUp(CdnConfig config, WarmUpState state, AssetRoutes assets, HttpServer server, Vertx vertx,
            MeterRegistry registry) {
        this.config = config.warmUp();
        this.state = state;
        this.assets = assets;
        this.server = server;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@ObservesAsync HttpServerStart started) {
        if (!config.enabled()) {
            return;
        }
        new Run(WarmUpPlan.of(assets.index()), server.getPort()).start();
    }

    /** One warm-up: a few chains of requests, each sending its next request when the previous one is answered. */
    private final class Run {
        private final WarmUpPlan plan;
        private final HttpClient client;
        private final long begun = System.nanoTime();
        private final AtomicLong issued = new AtomicLong();
        private final AtomicInteger chains = new AtomicInteger();
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile long timer;

        Run(WarmUpPlan plan, int port) {
            this.plan = plan;
            this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(port).setKeepAlive(true).setConnectTimeout(2000),
                    new PoolOptions().setHttp1MaxSize(config.connections()));
        }

        void start() {
            LOG.infof("Warm-up: %d requests over %d paths, %d at a time (at most %s)", config.requests(),
                    plan.targets().size(), config.connections(), config.timeout());
            timer = vertx.setTimer(Math.max(1, state.left().toMillis()), id -> end(true));
            chains.set(config.connections());
            for (int i = 0; i < config.connections(); i++) {
                next();
            }
        }

        private void next() {
            long n = issued.getAndIncrement();
            if (over.get() || n >= config.requests()) {
                if (chains.decrementAndGet() == 0) {
                    end(false);
                }
                return;
            }
            var target = plan.get(n);
            var options = new RequestOptions().setMethod(target.method()).setURI(target.path()).putHeader(HEADER, "1");
            target.headers().forEach(options::putHeader);
            client.request(options)
                    .compose(request -> request.send().compose(response -> response.body()
                            .map(body -> String.valueOf(response.statusCode()))))
                    .otherwise(failure -> "error")
                    .onComplete(status -> {
                        count(status.result());
                        next();
                    });
        }

        private void count(String status) {
            if (over.get()) {
                return; // cut short by the timeout: not an answer
            }
            state.answer();
            Counter.builder("hud.cdn.warm.up.requests").description("Requests the cdn sent itself before ready")
                    .tag("status", status).register(registry).increment();
        }

        private void end(boolean timedOut) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(timer);
            client.close();
            long millis = (System.nanoTime() - begun) / 1_000_000;
            state.finished(timedOut);
            if (timedOut) {
                LOG.warnf("Warm-up timed out after %d ms with %d of %d requests answered: ready anyway", millis,
                        state.answered(), config.requests());
            } else {
                LOG.infof("Warm-up done: %d requests in %d ms (%.0f/s); ready", state.answered(), millis,
                        state.answered() * 1000.0 / Math.max(1, millis));
            }
        }
    }
}
