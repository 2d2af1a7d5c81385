package dev.hud.gateway.edge;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of what the gateway reads from a request ({@link BodyLimits}). */
@ConfigMapping(prefix = "hud.http")
public interface HttpConfig {

    /** The largest request body of the gateway's own routes (the largest JSON document a client may send). */
    @WithDefault("1M")
    MemorySize maxBody();
}
