package dev.hud.cdn.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.auth.AuthenticationType;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: s3proxy, its {@code filesystem} provider on a temporary folder, on
 * 127.0.0.1 and a free port, with SigV4 credentials and one bucket. Started before the cdn of {@link S3MediaTest},
 * stopped (and its folder removed) after it.
 */
public class S3Proxy implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "hud-media";
    static final String ACCESS_KEY = "hud-test";
    static final String SECRET_KEY = "hud-test-secret";

    private Path folder;
    private org.gaul.s3proxy.S3Proxy server;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("hud-s3proxy");
            var properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", folder.toString());
            server = org.gaul.s3proxy.S3Proxy.builder()
                    .blobStore(BlobStores.create("filesystem", properties))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            server.start();
            while (!"STARTED".equals(server.getState())) {
                Thread.onSpinWait();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + server.getPort());
            try (S3Client client = client(endpoint)) {
                client.createBucket(b -> b.bucket(BUCKET));
            }
            return Map.ofEntries(
                    Map.entry("hud.cdn.media.store", "s3"),
                    Map.entry("hud.cdn.media.root", "target/media-s3"),
                    Map.entry("hud.cdn.media.s3.bucket", BUCKET),
                    Map.entry("hud.cdn.media.s3.endpoint", endpoint.toString()),
                    Map.entry("hud.cdn.media.s3.region", "us-east-1"),
                    Map.entry("hud.cdn.media.s3.path-style-access", "true"),
                    Map.entry("hud.cdn.media.s3.prefix", "hud"),
                    Map.entry("hud.cdn.media.s3.access-key-id", ACCESS_KEY),
                    Map.entry("hud.cdn.media.s3.secret-access-key", SECRET_KEY),
                    Map.entry("hud.cdn.media.s3.multipart-threshold", "5M"),
                    Map.entry("hud.cdn.media.s3.part-size", "5M"));
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()).build();
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.stop();
            }
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
