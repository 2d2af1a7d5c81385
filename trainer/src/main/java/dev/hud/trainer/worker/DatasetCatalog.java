package dev.hud.trainer.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.DatasetException;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.store.DatasetDownloads;
import io.quarkus.scheduler.Scheduled;

/**
 * The data sets a job may name: the built-in "wdbc", a CSV file in the configured data folder, or a data set people
 * brought, {@code sha256:<hex>}: the file of that SHA-256 on the cdn, downloaded once into
 * {@code <state-dir>/datasets/<hex>.csv} ({@link DatasetDownloads}) and read from there afterwards. Such a file never
 * changes, so the few read last stay parsed: every trial message of a job resolves its data set again. Each use marks
 * the file (its modification time), and files no job used for {@code hud.trainer.dataset-cache-ttl} are deleted.
 */
@ApplicationScoped
class DatasetCatalog {

    private static final Logger LOG = Logger.getLogger(DatasetCatalog.class);

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
    private final Duration cacheTtl;
    private final Dataset wdbc = CsvDatasetReader.wdbc();
    private final Cache<Parsed, Dataset> parsed = Caffeine.newBuilder().maximumSize(PARSED_KEPT)
            .expireAfterAccess(Duration.ofHours(1)).build();

    DatasetCatalog(TrainerConfig config, DatasetDownloads downloads) {
        this.folder = config.dataDir();
        this.downloaded = config.stateDir().resolve("datasets");
        this.downloads = downloads;
        this.cacheTtl = config.datasetCacheTtl();
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
        return parsed.get(new Parsed(sha256, label, positiveClass), key -> read(sha256, label, positiveClass));
    }

    private Dataset read(String sha256, String label, String positiveClass) {
        Path file = file(sha256);
        try {
            return CsvDatasetReader.read(file, label, Optional.ofNullable(positiveClass));
        } catch (DatasetException e) {
            if (Files.exists(file)) {
                throw e;
            }
            // Pruned between its use mark and this read (it had just turned too old): fetched again.
            return CsvDatasetReader.read(file(sha256), label, Optional.ofNullable(positiveClass));
        }
    }

    /**
     * The verified file of this SHA-256, marked as used now: downloaded from the cdn the first time, then read from the
     * state dir.
     */
    private Path file(String sha256) {
        Path file = downloaded.resolve(sha256 + ".csv");
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return file;
        } catch (NoSuchFileException notFetchedYet) {
            // Fetched below.
        } catch (IOException unmarked) {
            // Only its prune may come early.
            if (Files.isRegularFile(file)) {
                return file;
            }
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

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneCache() {
        prune(Instant.now());
    }

    /** Deletes the fetched data sets (and partial downloads) no job used since {@code now} minus the TTL. */
    List<Path> prune(Instant now) {
        if (!Files.isDirectory(downloaded)) {
            return List.of();
        }
        FileTime oldest = FileTime.from(now.minus(cacheTtl));
        try (Stream<Path> files = Files.list(downloaded)) {
            List<Path> pruned = files.filter(file -> unusedSince(file, oldest)).toList();
            for (Path file : pruned) {
                Files.deleteIfExists(file);
            }
            if (!pruned.isEmpty()) {
                LOG.infof("deleted %d fetched data sets no job used for %s", pruned.size(), cacheTtl);
            }
            return pruned;
        } catch (IOException e) {
            LOG.warnf("cannot prune %s: %s", downloaded, e.getMessage());
            return List.of();
        }
    }

    private static boolean unusedSince(Path file, FileTime oldest) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(oldest) < 0;
        } catch (IOException gone) {
            return false;
        }
    }
}
