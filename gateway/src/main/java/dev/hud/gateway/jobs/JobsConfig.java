package dev.hud.gateway.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and defaults of training jobs, and where their work goes. */
@ConfigMapping(prefix = "hud.jobs")
public interface JobsConfig {

    /** Largest grid (cells = product of every list's length) one job may ask for. */
    @WithDefault("100")
    int maxCells();

    /** Most epochs a cell may train. */
    @WithDefault("2000")
    int maxEpochs();

    /**
     * The queue kind each device's work goes to: messages are routed with this key on
     * {@code hud.training} into {@code hud.training.<kind>}; the devices are the keys (cpu and gpu, set in
     * application.properties). Tests point these at queues of their own.
     */
    Map<String, String> queueKinds();

    /** Data sets a job may name besides {@code wdbc}: names of CSV files in the trainers' data folder. */
    @WithDefault("wdbc")
    List<String> datasets();

    /** How long a submission waits for the broker to confirm its messages before answering (they are resent later). */
    @WithDefault("5s")
    Duration confirmTimeout();

    /** Page size of job listings when none is asked for, and the largest allowed. */
    @WithDefault("20")
    int pageSize();

    @WithDefault("200")
    int maxPageSize();

    /**
     * The most work any job may be, in epochs of single fits (cells x folds x repeats x epochs): what the platform
     * takes at all (400 beyond). Each user's own limits are quotas under it ({@code hud.quotas.*}, 429 beyond); the
     * seed's 3x3 grid is 2,475.
     */
    @WithDefault("10000000")
    long maxFitEpochs();

    /** Job event streams (SSE) one user may have open at once (a browser tab watching a job holds one). */
    @WithDefault("20")
    int maxStreamsPerUser();

    /** Run the job path once before the first job does (JobPathWarmup); readiness waits for it. */
    @WithDefault("true")
    boolean warmUp();
}
