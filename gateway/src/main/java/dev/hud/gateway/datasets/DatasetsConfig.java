package dev.hud.gateway.datasets;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a data set people upload may be ({@code hud.datasets.*}). */
@ConfigMapping(prefix = "hud.datasets")
public interface DatasetsConfig {

    /** The largest CSV file (a declared larger body is refused before it is read). */
    @WithDefault("10M")
    MemorySize maxBytes();

    /** Data rows, the header not counted. */
    @WithDefault("50000")
    int maxRows();

    /** Columns, the label counted. */
    @WithDefault("201")
    int maxColumns();

    /** Uploads read at once by one gateway (each holds its rows in memory while read); more are answered 503. */
    @WithDefault("2")
    int concurrentReads();

    /** Bins of each feature's histogram on the data page. */
    @WithDefault("20")
    int histogramBins();
}
