package dev.hud.cdn.warmup;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Tags;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;

/**
 * Tags the HTTP server metrics {@code warm_up="true"} for the warm-up's own requests, so dashboards of real traffic
 * leave them out ({@code warm_up="false"}). Only a request from the loopback address counts as one.
 */
@Singleton
class WarmUpTags implements HttpServerMetricsTagsContributor {

    private static final Tags WARM_UP = Tags.of("warm_up", "true");
    private static final Tags CLIENT = Tags.of("warm_up", "false");

    @Override
    public Tags contribute(Context context) {
        var request = context.request();
        if (request == null || request.getHeader(WarmUp.HEADER) == null) {
            return CLIENT;
        }
        var remote = request.remoteAddress();
        return remote != null && "127.0.0.1".equals(remote.hostAddress()) ? WARM_UP : CLIENT;
    }
}
