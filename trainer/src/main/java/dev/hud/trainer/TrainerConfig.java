package dev.hud.trainer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.trainer")
public interface TrainerConfig {

    /** This worker's name in heartbeats and events; host name and process id when unset. */
    Optional<String> workerId();

    /** Which queue this trainer takes work from: cpu or gpu. */
    @WithDefault("cpu")
    String deviceKind();

    /**
     * Trial results and models. Replicas that share it (a ReadWriteMany volume) never compute a
     * redelivered trial twice, and can all serve predictions of every model.
     */
    Path stateDir();

    /** Folder of the CSV data sets a job may name besides the built-in "wdbc". */
    Optional<Path> dataDir();

    /**
     * Data sets fetched from the cdn that no job has used for this long leave the state folder (a job that names one
     * again fetches it again), so the folder holds what is in use, not every upload ever trained on.
     */
    @WithDefault("7d")
    Duration datasetCacheTtl();

    /** The most epochs one cell may ask for. */
    @WithDefault("2000")
    int maxEpochs();

    /** Threads that train groups of fits side by side; 1 when unset (SearchSettings.DEFAULT_PARALLELISM says why). */
    Optional<Integer> parallelism();

    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Learning-curve points are sent together at most this often (ProgressBatcher); the live curves lag by as much. */
    @WithDefault("250ms")
    Duration progressInterval();

    Batch batch();

    /**
     * Warm the training path (JIT, ND4J's natives, DL4J) before taking work, so that the first job runs as fast as the
     * tenth.
     */
    @WithDefault("true")
    boolean warmUp();

    /** Training what waits together. */
    interface Batch {
        /**
         * Work messages taken at once (the queue's prefetch; {@code application.properties} derives it): the trials of
         * one job among them are trained as one batched program. With several replicas each takes up to this many, so a
         * larger grid spreads over them.
         */
        @WithDefault("32")
        int maxTrials();

        /**
         * How long the queue must stay quiet before a batch starts: the rest of a job's trials arrive within
         * milliseconds of the first, but on a loaded machine gaps of tens of milliseconds were seen (a 5x5 grid split
         * 14 + 11 at 25 ms).
         */
        @WithDefault("100ms")
        Duration gather();

        /** The most fits (cells x folds x repeats) one batched program trains: its memory bound. */
        @WithDefault("1000")
        int maxFits();
    }

    Media media();

    /** The cdn's media store, where registered models and their out-of-bag data are uploaded. */
    interface Media {
        /** Base URL of the cdn (e.g. http://cdn:8083); unset: models stay in the state dir only. */
        Optional<URI> url();

        /** The trainer's service token (role "service"), signed by the gateway; from a Secret. */
        Optional<String> token();

        /** Or: the gateway's base URL, where the trainer exchanges {@link #serviceSecret()} for a token. */
        Optional<URI> gatewayUrl();

        /** The secret shared with the gateway (hud.auth.service-secret). */
        Optional<String> serviceSecret();
    }
}
