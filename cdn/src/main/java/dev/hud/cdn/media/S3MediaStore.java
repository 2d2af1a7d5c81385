package dev.hud.cdn.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.CdnConfig;
import dev.hud.cdn.http.StaticFile;
import io.vertx.core.Vertx;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Content-addressed media in an S3-compatible bucket ({@code hud.cdn.media.store=s3}), under an optional prefix:
 * <pre>
 * blobs/&lt;sha256&gt;               content, stored once however many upload it
 * refs/&lt;sha256&gt;/&lt;owner&gt;.json     one {@link MediaRecord} per owner: a file exists for its owners
 * </pre>
 * An upload is hashed and checked in a local temp file ({@code hud.cdn.media.root}/tmp), then put: one PUT up to
 * {@code multipart-threshold}, a multipart upload above it. The blob is put first, the record last, so a file is
 * visible only once complete; an interrupted put leaves at worst an unreferenced blob or an unfinished multipart
 * upload, which {@link #collectGarbage} removes (or aborts) once older than the garbage age. Downloads are ranged
 * GETs streamed to the client with back-pressure.
 */
public class S3MediaStore implements MediaStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3MediaStore.class);
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path tmp;
    private final Duration garbageAge;
    private final S3Transfers transfers;
    private final ObjectMapper json;

    S3MediaStore(S3Client s3, String bucket, String prefix, Path tmp, Duration garbageAge, long multipartThreshold,
            long partSize, ObjectMapper json, Vertx vertx) {
        this.transfers = new S3Transfers(s3, bucket, multipartThreshold, partSize, vertx);
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.tmp = tmp;
        this.garbageAge = garbageAge;
        this.json = json;
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("the uploads' folder " + tmp + " is not writable", e);
        }
    }

    static S3MediaStore create(CdnConfig.Media media, ObjectMapper json, Vertx vertx) {
        CdnConfig.S3 config = media.s3();
        String bucket = config.bucket().filter(name -> !name.isBlank()).orElseThrow(
                () -> new IllegalStateException("hud.cdn.media.store=s3 needs hud.cdn.media.s3.bucket"));
        S3Client client = S3Transfers.client(config);
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            client.close();
            throw new IllegalStateException("the media bucket " + bucket + " does not exist", e);
        } catch (SdkException e) {
            LOG.warnf("the media bucket %s cannot be reached yet: %s", bucket, e.getMessage());
        }
        String prefix = config.prefix().map(String::strip).orElse("");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return new S3MediaStore(client, bucket, prefix, media.root().resolve("tmp"), media.garbageAge(),
                config.multipartThreshold().asLongValue(), config.partSize().asLongValue(), json, vertx);
    }

    /** The client, for tests that look at the bucket itself. */
    S3Client client() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    String blobKey(String id) {
        return prefix + "blobs/" + id;
    }

    private String refsPrefix(String id) {
        return prefix + "refs/" + id + "/";
    }

    private String recordKey(String id, String owner) {
        return refsPrefix(id) + MediaStore.ownerKey(owner) + ".json";
    }

    @Override
    public Path newUpload() {
        try {
            return Files.createTempFile(tmp, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Stored commit(Path upload, String sha256, long size, MediaKind kind, String contentType, String originalName,
            String owner) throws IOException {
        try {
            String blob = blobKey(sha256);
            if (!refreshed(blob, contentType)) {
                transfers.put(upload, blob, size, contentType);
            }
            String key = recordKey(sha256, owner);
            Optional<MediaRecord> existing = read(key);
            if (existing.isPresent()) {
                return new Stored(existing.get(), false);
            }
            var created = new MediaRecord(sha256, kind.label(), originalName, contentType, size, owner,
                    System.currentTimeMillis());
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(json.writeValueAsBytes(created)));
            return new Stored(created, true);
        } catch (SdkException e) {
            throw new IOException("object storage: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /**
     * Whether the blob is there already (identical content is stored once). One older than half the garbage age is
     * copied onto itself, which makes it young again: the collector must not take it before its new record is written.
     */
    private boolean refreshed(String blob, String contentType) {
        Optional<HeadObjectResponse> head = head(blob);
        if (head.isEmpty()) {
            return false;
        }
        if (head.get().lastModified().isBefore(Instant.now().minus(garbageAge.dividedBy(2)))) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(blob).destinationBucket(bucket).destinationKey(blob)
                    .metadataDirective(MetadataDirective.REPLACE).contentType(contentType));
        }
        return true;
    }

    @Override
    public List<MediaRecord> records(String id) {
        if (!ID.matcher(id).matches()) {
            return List.of();
        }
        List<MediaRecord> records = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(refsPrefix(id))).contents()) {
            if (object.key().endsWith(".json")) {
                read(object.key()).ifPresent(records::add);
            }
        }
        records.sort(Comparator.comparingLong(MediaRecord::created));
        return records;
    }

    private Optional<MediaRecord> read(String key) {
        try {
            return Optional.of(json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(),
                    MediaRecord.class));
        } catch (NoSuchKeyException deletedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sizes and dates from a HEAD of the blob; the bytes from a ranged GET, streamed as the client takes them. */
    @Override
    public Optional<Content> content(String id, MediaRecord record) {
        String key = blobKey(id);
        return head(key).map(head -> new Content(
                new StaticFile(null, head.contentLength(), record.contentType(), "\"" + id + "\"",
                        head.lastModified().toEpochMilli(), null, 0, null, 0, null),
                (response, offset, length) -> transfers.stream(key, response, offset, length)));
    }

    @Override
    public boolean delete(String id, String owner) {
        String key = recordKey(id, owner);
        if (head(key).isEmpty()) {
            return false;
        }
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        return true;
    }

    @Override
    public List<MediaRecord> list(int page, int size, long[] total) {
        List<MediaRecord> all = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "refs/")).contents()) {
            if (object.key().endsWith(".json")) {
                read(object.key()).ifPresent(all::add);
            }
        }
        return MediaStore.newestFirst(all, page, size, total);
    }

    @Override
    public Duration garbageAge() {
        return garbageAge;
    }

    /**
     * Local temp files, blobs without a record, and unfinished multipart uploads (a replica stopped mid-put), all
     * older than the cutoff. Safe on every replica at once: each removal is of something nothing refers to.
     */
    @Override
    public int collectGarbage(Instant olderThan) {
        int removed = 0;
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warnf("media garbage collection of %s incomplete: %s", tmp, e.getMessage());
        }
        try {
            String blobs = prefix + "blobs/";
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(blobs)).contents()) {
                String id = object.key().substring(blobs.length());
                if (object.lastModified().isBefore(olderThan) && records(id).isEmpty()
                        && head(object.key()).filter(head -> head.lastModified().isBefore(olderThan)).isPresent()) {
                    s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                    removed++;
                }
            }
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))
                    .uploads()) {
                if (upload.initiated().isBefore(olderThan)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    removed++;
                }
            }
        } catch (SdkException e) {
            LOG.warnf("media garbage collection in bucket %s incomplete: %s", bucket, e.getMessage());
        }
        return removed;
    }

    @Override
    public void close() {
        s3.close();
    }
}
