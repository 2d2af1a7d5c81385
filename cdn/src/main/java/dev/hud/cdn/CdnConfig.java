package dev.hud.cdn;

import java.net.URI;
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

    /** Requests to its own hot paths before the cdn reports ready: a new pod serves at full speed at once. */
    WarmUp warmUp();

    interface WarmUp {
        /** Off: ready as soon as the server listens. */
        @WithDefault("true")
        boolean enabled();

        /** How many requests in all, spread over the hot paths (enough for the JIT to compile them). */
        @WithDefault("20000")
        int requests();

        /** Ready after this long even if the requests are not all done (never holds a pod back for good). */
        @WithDefault("20s")
        Duration timeout();

        /** Requests in flight at once, each on its own keep-alive connection. */
        @WithDefault("8")
        int connections();
    }

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
        /** Where media live: a folder all replicas share, or an S3-compatible bucket. */
        @WithDefault("volume")
        Store store();

        /**
         * volume: where media live (blobs by sha256, one metadata record per owner), shared by all replicas. s3: only
         * uploads in progress, in {@code tmp/} (each replica its own).
         */
        Path root();

        /** The bucket, with {@code store=s3}. */
        S3 s3();

        /** Largest upload per kind (model, oob, dataset, avatar). */
        Map<String, MemorySize> maxSize();

        /** Unfinished uploads and unreferenced blobs older than this are removed by the clean-up. */
        @WithDefault("1h")
        Duration garbageAge();
    }

    enum Store {
        /** A folder ({@code root}) every replica mounts: one machine, or a ReadWriteMany volume. */
        VOLUME,
        /** An S3-compatible bucket: any number of replicas, no shared volume. */
        S3
    }

    interface S3 {
        /** Required with {@code store=s3}. */
        Optional<String> bucket();

        /** An S3-compatible server (MinIO, Ceph, ...); unset: AWS, the endpoint of the region. */
        Optional<URI> endpoint();

        /** Unset: the SDK's region chain (AWS_REGION, the profile, instance metadata); us-east-1 with an endpoint. */
        Optional<String> region();

        /** {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}: most S3-compatible servers want it. */
        @WithDefault("false")
        boolean pathStyleAccess();

        /** Keys start with it (e.g. {@code hud/}): one bucket may serve several installations. */
        Optional<String> prefix();

        /** With {@code secret-access-key}; unset: the SDK's default credentials chain (environment, web identity). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Uploads larger than this go up as a multipart upload, in parts of {@code part-size}. */
        @WithDefault("16M")
        MemorySize multipartThreshold();

        /** At least 5 MiB (S3's smallest part but the last). */
        @WithDefault("16M")
        MemorySize partSize();
    }
}
