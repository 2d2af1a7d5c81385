package dev.hud.gateway.edge;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The local single origin: the gateway forwards {@code /assets}, {@code /media} and
 * {@code /api/sensors} to the services that own them, so {@code http://localhost:8080} works as
 * the Ingress does in a cluster. Requests and responses are streamed, never buffered whole. The session cookie is the
 * gateway's alone and never forwarded; a bearer token goes only where one is needed ({@code /media},
 * {@code /api/sensors/history}: tokens the gateway made for those services), not to the assets or the live stream.
 */
@ApplicationScoped
class EdgeRoutes {

    private static final Logger LOG = Logger.getLogger(EdgeRoutes.class);

    /** Before the REST and static-resource routes, which would otherwise answer 404. */
    private static final int ORDER = -100;

    void register(@Observes Router router, Vertx vertx, EdgeConfig config) {
        config.cdnUrl().ifPresent(cdn -> {
            // The cdn's media take a token made for the cdn (uploads, deletes, listings); its assets take none.
            forward(router, vertx, cdn, List.of("/media"), true);
            forward(router, vertx, cdn, List.of("/assets"), false);
        });
        config.sensorsUrl().ifPresent(sensors -> {
            // History takes a token made for the sensors; the live stream and the node's name are for anyone. First
            // match wins.
            forward(router, vertx, sensors, List.of("/api/sensors/history"), true);
            forward(router, vertx, sensors, List.of("/api/sensors"), false);
        });
    }

    /**
     * Forwards the prefixes to {@code target}, without the session cookie, and with the bearer token only if {@code
     * bearer}.
     */
    private static void forward(Router router, Vertx vertx, URI target, List<String> prefixes, boolean bearer) {
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        var client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                .setMaxPoolSize(64));
        var proxy = HttpProxy.reverseProxy(client).origin(port, target.getHost());
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                context.request().headers().remove(HttpHeaders.COOKIE);
                if (!bearer) {
                    context.request().headers().remove(HttpHeaders.AUTHORIZATION);
                }
                return context.sendRequest();
            }
        });
        var handler = ProxyHandler.create(proxy);
        for (String prefix : prefixes) {
            router.route(prefix).order(ORDER).handler(handler);
            router.route(prefix + "/*").order(ORDER).handler(handler);
            LOG.infof("Forwarding %s/** to %s", prefix, target);
        }
    }
}
