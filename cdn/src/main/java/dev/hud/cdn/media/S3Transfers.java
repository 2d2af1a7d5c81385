package dev.hud.cdn.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.hud.cdn.CdnConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * How {@link S3MediaStore} moves bytes to and from the bucket: the client (built from {@code hud.cdn.media.s3.*}),
 * puts of a local file (one PUT, or a multipart upload above the threshold), and ranged GETs streamed to an HTTP
 * response with back-pressure.
 */
final class S3Transfers {

    private static final Logger LOG = Logger.getLogger(S3Transfers.class);
    private static final int CHUNK = 64 * 1024;
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;
    private final Vertx vertx;

    S3Transfers(S3Client s3, String bucket, long multipartThreshold, long partSize, Vertx vertx) {
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalStateException("hud.cdn.media.s3.part-size must be at least 5M, S3's smallest part");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = Math.max(multipartThreshold, partSize);
        this.partSize = partSize;
        this.vertx = vertx;
    }

    /**
     * The sync client over the Apache HTTP client (pooled connections, no Netty of its own next to Quarkus'). Checksums
     * only where S3 requires them: several S3-compatible servers refuse the SDK's default trailing checksums.
     */
    static S3Client client(CdnConfig.S3 config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .forcePathStyle(config.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(builder::endpointOverride);
        config.region().or(() -> config.endpoint().map(endpoint -> "us-east-1")).map(Region::of)
                .ifPresent(builder::region);
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException(
                    "hud.cdn.media.s3.access-key-id and secret-access-key go together (or neither: the default chain)");
        }
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        return builder.credentialsProvider(credentials).build();
    }

    /** Puts a local file at {@code key}: one PUT up to the threshold, a multipart upload (aborted if it fails) above. */
    void put(Path file, String key, long size, String contentType) {
        if (size <= multipartThreshold) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(size),
                    RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                int part = number;
                String etag = s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(part).contentLength(length),
                        RequestBody.fromContentProvider(() -> slice(file, from, length), length,
                                "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
                // the garbage collection aborts it later
            }
            throw e;
        }
    }

    /** Bytes [offset, offset + length) of a file, a new stream each time (the SDK may retry a part). */
    private static InputStream slice(Path file, long offset, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buffer, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes [offset, offset + length) of {@code key} to the client, one chunk in flight at a time. */
    void stream(String key, HttpServerResponse response, long offset, long length) {
        if (length == 0) {
            response.end();
            return;
        }
        vertx.executeBlocking(() -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
                    b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)))) {
                try {
                    byte[] chunk = new byte[CHUNK];
                    long left = length;
                    for (int n; left > 0 && (n = in.read(chunk, 0, (int) Math.min(CHUNK, left))) > 0;) {
                        left -= n;
                        // One chunk in flight at a time: a slow client slows the GET, nothing piles up in memory.
                        response.write(Buffer.buffer(Arrays.copyOf(chunk, n))).toCompletionStage()
                                .toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                    if (left > 0) {
                        throw new IOException(left + " bytes of " + key + " missing");
                    }
                } catch (Exception e) {
                    in.abort(); // the rest is not read: drop the connection rather than drain it
                    throw e;
                }
            }
            return null;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                response.end();
            } else {
                LOG.debugf("media download of %s cut: %s", key, done.cause().toString());
                response.reset();
            }
        });
    }
}
