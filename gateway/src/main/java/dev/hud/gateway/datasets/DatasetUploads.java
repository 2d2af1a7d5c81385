package dev.hud.gateway.datasets;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.CsvDatasetWriter;
import dev.hud.common.data.DatasetException;
import dev.hud.common.data.Limits;
import dev.hud.common.data.MissingValues;
import dev.hud.common.data.Reading;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.api.JobRequestValidator;
import dev.hud.gateway.media.Cdn;
import dev.hud.gateway.media.MediaConfig;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * An upload, from the request's bytes to a data set jobs can use: read as it arrives (UTF-8, within the byte, row and
 * column limits), checked (numeric features, two classes, missing values refused or their rows dropped), written
 * back as a clean CSV whose sha-256 names it, stored on the cdn as the uploader's media of kind {@code dataset},
 * profiled, and recorded. Nothing is recorded unless all of it succeeded.
 */
@ApplicationScoped
public class DatasetUploads {

    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);
    private static final int MAX_NAME = 120;
    private static final int MAX_CLASS = 200;

    /** What the upload's query parameters ask. */
    public record Request(String name, String label, String positive, String missing) {
    }

    private final DatasetsConfig config;
    private final Cdn cdn;
    private final MediaConfig media;
    private final DatasetCatalog catalog;
    private final Semaphore reads;

    DatasetUploads(DatasetsConfig config, Cdn cdn, MediaConfig media, DatasetCatalog catalog) {
        this.config = config;
        this.cdn = cdn;
        this.media = media;
        this.catalog = catalog;
        this.reads = new Semaphore(config.concurrentReads());
    }

    public DatasetView upload(InputStream body, Request request, String who) {
        MissingValues missing = check(request);
        var client = cdn.required();
        if (!reads.tryAcquire()) {
            throw new ProblemException(Problem.of(503, "Service Unavailable",
                    "other uploads are being read; try again in a few seconds"));
        }
        Path clean = null;
        try {
            Reading reading = read(body, request, missing);
            clean = Files.createTempFile("hud-dataset-", ".csv");
            String sha256 = write(reading, clean);
            var profile = DatasetProfile.of(reading.data(), JobRequestValidator.DEFAULT_HOLDOUT,
                    JobRequestValidator.DEFAULT_SEED, config.histogramBins());
            try (Response answer = client.uploadFile(cdn.asUser(who), "dataset", fileName(request.name()),
                    clean.toFile())) {
                if (answer.getStatus() != 200 && answer.getStatus() != 201) {
                    LOG.warnf("the cdn refused a data set of %s: %d %s", who, answer.getStatus(),
                            answer.readEntity(String.class));
                    throw new ProblemException(Problem.of(502, "Bad Gateway",
                            "the media store refused the data set (" + answer.getStatus() + ")"));
                }
            }
            String location = media.cdnUrl().orElseThrow() + "/media/" + sha256;
            long bytes = Files.size(clean);
            return QuarkusTransaction.requiringNew().call(() -> record(reading, request, who, sha256, location,
                    bytes, profile));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(500, "Internal Server Error", "the upload could not be stored"));
        } finally {
            reads.release();
            if (clean != null) {
                clean.toFile().delete();
            }
        }
    }

    /** A data set's file on the cdn, recorded there as its uploader's. */
    public record StoredFile(String sha256, String owner) {
    }

    /**
     * The file of a data set being deleted, unless another data set of the same owner has the same content (the cdn
     * keeps one record per owner and content). In the deleting transaction.
     */
    Optional<StoredFile> unusedFile(UploadedDataset deleted) {
        long others = UploadedDataset.count("ownerId = ?1 and sha256 = ?2 and id <> ?3", deleted.ownerId,
                deleted.sha256, deleted.id);
        return others > 0 ? Optional.empty()
                : User.<User>findByIdOptional(deleted.ownerId).map(user -> new StoredFile(deleted.sha256,
                        user.username));
    }

    /**
     * Removes the owner's record of a deleted data set's file from the cdn. Best effort, after the deletion: a cdn
     * away leaves the file behind (the data set is gone either way), which is logged.
     */
    void remove(StoredFile file) {
        cdn.client().ifPresent(client -> {
            try (Response answer = client.delete(cdn.asUser(file.owner()), file.sha256())) {
                if (answer.getStatus() != 204 && answer.getStatus() != 404) {
                    LOG.warnf("the cdn kept data set file %s of %s: %d", file.sha256(), file.owner(),
                            answer.getStatus());
                }
            } catch (RuntimeException e) {
                LOG.warnf("the cdn kept data set file %s of %s: %s", file.sha256(), file.owner(), e.getMessage());
            }
        });
    }

    private static MissingValues check(Request request) {
        var errors = new ArrayList<FieldError>();
        if (request.name() == null || request.name().isBlank() || request.name().strip().length() > MAX_NAME) {
            errors.add(new FieldError("name", "a name of 1 to " + MAX_NAME + " characters"));
        }
        if (request.label() == null || request.label().isBlank() || request.label().length() > MAX_CLASS) {
            errors.add(new FieldError("label", "the name of the label column, as in the file's header"));
        }
        if (request.positive() != null && (request.positive().isEmpty() || request.positive().length() > MAX_CLASS)) {
            errors.add(new FieldError("positive", "one of the label column's two values"));
        }
        MissingValues missing = switch (request.missing() == null ? "refuse" : request.missing()) {
            case "refuse" -> MissingValues.REFUSE;
            case "drop" -> MissingValues.DROP_ROWS;
            default -> {
                errors.add(new FieldError("missing", "refuse (the default) or drop (rows with a missing value)"));
                yield null;
            }
        };
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return missing;
    }

    private Reading read(InputStream body, Request request, MissingValues missing) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var limits = new Limits(config.maxRows(), config.maxColumns());
        try (var text = new InputStreamReader(new Bounded(body, config.maxBytes().asLongValue()), decoder)) {
            return CsvDatasetReader.read(text, request.label(), Optional.ofNullable(request.positive()), limits,
                    missing);
        } catch (CharacterCodingException e) {
            // Met while reading the header ahead, before the CSV parser wraps what it meets.
            throw ProblemException.invalid("file", "the file is not UTF-8 text (save it as \"CSV UTF-8\")");
        } catch (DatasetException e) {
            throw ProblemException.invalid(List.of(new FieldError(field(e), e.getMessage())));
        }
    }

    /** The form field a fault belongs to: the label or positive class asked for, or the file's row and column. */
    private static String field(DatasetException e) {
        return switch (e.input()) {
            case LABEL -> "label";
            case POSITIVE_CLASS -> "positive";
            case FILE -> e.location().equals("file") ? "file" : "file: " + e.location();
        };
    }

    private static String write(Reading reading, Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (var out = new BufferedWriter(new OutputStreamWriter(
                new DigestOutputStream(Files.newOutputStream(file), digest), StandardCharsets.UTF_8))) {
            CsvDatasetWriter.write(reading.data(), out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private DatasetView record(Reading reading, Request request, String who, String sha256, String location,
            long bytes, DatasetProfile profile) {
        var data = reading.data();
        var dataset = new UploadedDataset();
        dataset.id = UUID.randomUUID().toString();
        dataset.ownerId = User.findByUsername(who).map(user -> user.id).orElseThrow();
        dataset.name = request.name().strip();
        dataset.label = data.labelName();
        dataset.positiveClass = data.positiveClass();
        dataset.negativeClass = data.negativeClass();
        dataset.features = data.featureNames();
        dataset.rows = data.rows();
        dataset.positives = data.positives();
        dataset.droppedRows = reading.droppedRows();
        dataset.missing = reading.missing();
        dataset.bytes = bytes;
        dataset.sha256 = sha256;
        dataset.location = location;
        dataset.profile = profile;
        dataset.persistAndFlush();
        UploadedDataset.getEntityManager().refresh(dataset);
        return catalog.view(dataset, who);
    }

    private static String fileName(String name) {
        String safe = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-");
        return (safe.isEmpty() ? "dataset" : safe) + ".csv";
    }

    /** The request body, refused (413) past the limit even when no length was declared. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ProblemException(Problem.of(413, "Content Too Large",
                        "a data set is at most " + limit + " bytes"));
            }
        }
    }
}
