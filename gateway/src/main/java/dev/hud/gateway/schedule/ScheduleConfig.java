package dev.hud.gateway.schedule;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduled jobs (the Celery beat of the original). Each runs once per slot however many replicas run. */
@ConfigMapping(prefix = "hud.schedule")
public interface ScheduleConfig {

    /** Name of this replica in the runs it records (the pod name in Kubernetes). */
    @WithDefault("${HOSTNAME:gateway}-${quarkus.uuid}")
    String instance();

    Reaper reaper();

    Retrain retrain();

    MediaCleanup mediaCleanup();

    /** How long the records of finished runs are kept. */
    @WithDefault("7d")
    Duration keepRuns();

    interface Reaper {
        /** How often trials held by workers that stopped heart-beating are re-queued. */
        @WithDefault("15s")
        Duration every();
    }

    interface Retrain {
        /** Quartz-style cron of the default model's retrain (e.g. "0 0 3 * * ?"); "off" disables it. */
        @WithDefault("off")
        String cron();

        @WithDefault("0.018,0.024,0.03")
        List<Double> learningRate();

        @WithDefault("0.39,0.41,0.43")
        List<Double> momentum();

        @WithDefault("55")
        int epochs();

        /** Early-stopping patience; 0 trains every epoch. */
        @WithDefault("5")
        int patience();

        @WithDefault("cpu")
        String device();
    }

    interface MediaCleanup {
        @WithDefault("1h")
        Duration every();

        /** Media younger than this is never removed (an upload may not be registered yet). */
        @WithDefault("1h")
        Duration grace();
    }
}
