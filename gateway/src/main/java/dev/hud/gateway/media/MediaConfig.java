package dev.hud.gateway.media;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where the cdn's media API is, for the gateway's own calls (avatars, clean-up). */
@ConfigMapping(prefix = "hud.media")
public interface MediaConfig {

    /** The cdn's base URL (in Kubernetes its Service, e.g. http://hud-cdn:8083); unset: no avatars, no clean-up. */
    Optional<URI> cdnUrl();
}
