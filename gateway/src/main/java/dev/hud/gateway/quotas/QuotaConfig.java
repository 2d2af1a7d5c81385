package dev.hud.gateway.quotas;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every user's limits unless an admin gave them their own ({@code PUT /api/users/{id}/quota}). */
@ConfigMapping(prefix = "hud.quotas")
public interface QuotaConfig {

    /** Jobs a user may have queued, running or refitting at once. */
    @WithDefault("5")
    int activeJobs();

    /**
     * A job's whole work, in epochs of single fits (cells x folds x repeats x epochs); the seed's 3x3 grid is 2,475.
     */
    @WithDefault("500000")
    long fitEpochsPerJob();

    /** The work of the jobs a user submitted in the last 24 hours, in the same unit. */
    @WithDefault("2000000")
    long fitEpochsPerDay();
}
