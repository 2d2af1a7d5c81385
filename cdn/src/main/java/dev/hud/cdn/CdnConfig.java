package dev.hud.cdn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.cdn")
public interface CdnConfig {

    Assets assets();

    Media media();

    interface Assets {
        /**
         * Folder to serve /assets from. Unset: the assets built into the cdn, unpacked at start into a
         * temporary folder (served from disk, with sendfile).
         */
        Optional<Path> root();

        /** max-age of assets whose names carry no content hash (they are revalidated by ETag). */
        @WithDefault("60s")
        Duration revalidateAfter();
    }

    interface Media {
        /** Where media live: blobs by sha256, and one metadata record per owner. Shared by all replicas. */
        Path root();

        /** Largest upload per kind (model, oob, dataset, avatar). */
        Map<String, MemorySize> maxSize();

        /** Unfinished uploads and unreferenced blobs older than this are removed by the clean-up. */
        @WithDefault("1h")
        Duration garbageAge();
    }
}
