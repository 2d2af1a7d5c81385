package dev.hud.gateway.monitor;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.monitor")
public interface MonitorConfig {

    /** A worker not heard of for this long is shown as gone (trainers beat every 5 s). */
    @WithDefault("20s")
    Duration workerTimeout();

    /** Gone or stopped workers are forgotten after this long. */
    @WithDefault("1h")
    Duration forgetAfter();
}
