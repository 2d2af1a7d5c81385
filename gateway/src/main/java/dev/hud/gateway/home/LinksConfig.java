package dev.hud.gateway.home;

import java.net.URI;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/** Base URLs of the other services that a person can open from a browser, by service name. */
@ConfigMapping(prefix = "hud.links")
public interface LinksConfig {

    @WithParentName
    Map<String, URI> services();
}
