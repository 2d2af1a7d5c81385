package dev.hud.trainer.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.store.DatasetDownloads;

/**
 * The data sets a job may name: the built-in "wdbc", a CSV file in the configured data folder, or a data set people
 * brought, {@code sha256:<hex>}: the file of that SHA-256 on the cdn, downloaded once into
 * {@code <state-dir>/datasets/<hex>.csv} ({@link DatasetDownloads}) and read from there afterwards. Such a file never
 * changes, so the few read last stay parsed: every trial message of a job resolves its data set again.
 */
@ApplicationScoped
class DatasetCatalog {

    private static final String BROUGHT_PREFIX = "sha256:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern BROUGHT = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String DEFAULT_LABEL = "diagnosis";
    /** Parsed data sets people brought, kept: a few (each holds all its rows), the least used go first. */
    private static final int PARSED_KEPT = 4;

    private record Parsed(String sha256, String label, String positiveClass) {
    }

    private final Optional<Path> folder;
    private final Path downloaded;
    private final DatasetDownloads downloads;
    private final Dataset wdbc = CsvDatasetReader.wdbc();
    private final Cache<Parsed, Dataset> parsed = Caffeine.newBuilder().maximumSize(PARSED_KEPT)
            .expireAfterAccess(Duration.ofHours(1)).build();

    DatasetCatalog(TrainerConfig config, DatasetDownloads downloads) {
        this.folder = config.dataDir();
        this.downloaded = config.stateDir().resolve("datasets");
        this.downloads = downloads;
    }

    Dataset load(String name, String label, String positiveClass) {
        if (name == null || name.equals(CsvDatasetReader.BUILT_IN)) {
            if (label != null && !label.equals(wdbc.labelName())
                    || positiveClass != null && !positiveClass.equals(wdbc.positiveClass())) {
                throw new InvalidWorkException(
                        "the built-in wdbc data set has label 'diagnosis' and positive class 'M'");
            }
            return wdbc;
        }
        if (name.startsWith(BROUGHT_PREFIX)) {
            return brought(name, label == null ? DEFAULT_LABEL : label, positiveClass);
        }
        if (!NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new InvalidWorkException("dataset '" + name + "' is not a plain file name");
        }
        Path file = folder.map(dir -> dir.resolve(name.endsWith(".csv") ? name : name + ".csv"))
                .orElseThrow(() -> new InvalidWorkException(
                        "dataset '" + name + "' is unknown: this trainer has no data folder"));
        if (!Files.isRegularFile(file)) {
            throw new InvalidWorkException("dataset '" + name + "' is not in the trainer's data folder");
        }
        return CsvDatasetReader.read(file, label == null ? DEFAULT_LABEL : label, Optional.ofNullable(positiveClass));
    }

    /**
     * A data set people brought, parsed, from the cache when it is there.
     *
     * @throws DatasetDownloads.Unavailable the cdn cannot be asked now (not the work's fault)
     */
    private Dataset brought(String name, String label, String positiveClass) {
        if (!BROUGHT.matcher(name).matches()) {
            throw new InvalidWorkException(
                    "dataset '" + name + "' is not sha256: followed by 64 lowercase hexadecimal digits");
        }
        String sha256 = name.substring(BROUGHT_PREFIX.length());
        return parsed.get(new Parsed(sha256, label, positiveClass),
                key -> CsvDatasetReader.read(file(sha256), label, Optional.ofNullable(positiveClass)));
    }

    /** The verified file of this SHA-256: downloaded from the cdn the first time, then read from the state dir. */
    private Path file(String sha256) {
        Path file = downloaded.resolve(sha256 + ".csv");
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (!downloads.enabled()) {
            throw new InvalidWorkException("dataset sha256:" + sha256
                    + " is on the cdn, but this trainer has no cdn configured (hud.trainer.media.url)");
        }
        try {
            downloads.download(sha256, file);
        } catch (DatasetDownloads.Refused e) {
            throw new InvalidWorkException(e.getMessage());
        }
        return file;
    }
}
