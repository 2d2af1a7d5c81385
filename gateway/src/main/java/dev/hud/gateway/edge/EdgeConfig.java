package dev.hud.gateway.edge;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Where the local edge forwards what the Ingress routes in Kubernetes (docs/architecture.md, Deployment).
 * Unset means "do not forward": the right setting behind an Ingress.
 */
@ConfigMapping(prefix = "hud.edge")
public interface EdgeConfig {

    /** Base URL of the cdn, for {@code /assets/**} and {@code /media/**}. */
    Optional<URI> cdnUrl();

    /** Base URL of the sensors service, for {@code /api/sensors/**}. */
    Optional<URI> sensorsUrl();
}
