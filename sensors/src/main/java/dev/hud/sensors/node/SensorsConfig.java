package dev.hud.sensors.node;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "hud.sensors")
public interface SensorsConfig {

    /** The node this sampler reports for; the host name when unset. */
    Optional<String> nodeName();

    /** Time between two samples. */
    Duration interval();
}
