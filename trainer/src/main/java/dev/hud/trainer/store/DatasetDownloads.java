package dev.hud.trainer.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hud.trainer.TrainerConfig;

/**
 * Fetches a data set people brought from the cdn's media store ({@code GET /media/<sha256>}, content-addressed) with
 * the trainer's service token ({@link ServiceToken}): streamed to a file beside the target while its SHA-256 is
 * computed, and moved onto the target only when the hash is the one asked for.
 *
 * <p>With the JDK's HTTP client, as {@link MediaUploader} (its javadoc says why): the body goes to disk as it
 * arrives, never whole into the heap. The whole download is bounded by {@link #DOWNLOAD_TIMEOUT}, not only its
 * response headers.
 */
@ApplicationScoped
public class DatasetDownloads {

    private static final Logger LOG = Logger.getLogger(DatasetDownloads.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    /** The cdn could not be asked now (down, 5xx, a timeout): the work goes back to the queue. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** The cdn will never give this data set (404, 403) or gave other bytes: the work can never be done. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final Optional<URI> cdn;
    private final ServiceToken token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DatasetDownloads(TrainerConfig config, ServiceToken token) {
        this.cdn = config.media().url();
        this.token = token;
    }

    /** Whether a cdn is configured ({@code hud.trainer.media.url}). */
    public boolean enabled() {
        return cdn.isPresent();
    }

    /**
     * Puts the bytes whose SHA-256 is {@code sha256} at {@code target}, atomically: the target is either absent or
     * complete and verified.
     *
     * @throws Refused     the cdn has no such data set, refuses it to the trainer, or sent other bytes
     * @throws Unavailable the cdn did not answer, answered with an error, or took too long
     */
    public void download(String sha256, Path target) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
        }
        URI source = cdn.orElseThrow(() -> new IllegalStateException("no cdn configured")).resolve("/media/" + sha256);
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        MessageDigest digest = sha256Digest();
        CompletableFuture<HttpResponse<Path>> sending = null;
        try {
            Files.createDirectories(target.getParent());
            var request = HttpRequest.newBuilder(source).timeout(HEADERS_TIMEOUT)
                    .header("Authorization", "Bearer " + token.current()).GET().build();
            sending = client.sendAsync(request, info -> info.statusCode() == 200
                    ? new Hashing(BodySubscribers.ofFile(partial, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE), digest)
                    : BodySubscribers.replacing(null));
            HttpResponse<Path> response = sending.get(DOWNLOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status == 404 || status == 410) {
                throw new Refused("the cdn has no data set sha256:" + sha256 + " (" + status + ")");
            }
            if (status == 403) {
                throw new Refused("the cdn refuses data set sha256:" + sha256 + " to the trainer (403)");
            }
            if (status != 200) {
                throw new Unavailable("the cdn answered " + status + " for data set sha256:" + sha256);
            }
            String received = HexFormat.of().formatHex(digest.digest());
            if (!received.equals(sha256)) {
                throw new Refused("the cdn sent data set sha256:" + sha256 + " with SHA-256 " + received);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.infof("data set sha256:%s downloaded from %s", sha256, source);
        } catch (ExecutionException e) {
            throw new Unavailable("cannot download data set sha256:" + sha256 + " from " + source + ": "
                    + e.getCause());
        } catch (TimeoutException e) {
            sending.cancel(true);
            throw new Unavailable("the download of data set sha256:" + sha256 + " from " + source + " took more than "
                    + DOWNLOAD_TIMEOUT);
        } catch (IOException e) {
            throw new Unavailable("cannot download data set sha256:" + sha256 + " from " + source + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (sending != null) {
                sending.cancel(true);
            }
            throw new Unavailable("interrupted while downloading data set sha256:" + sha256);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", partial, e.getMessage());
            }
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Writes the body to a file (the JDK's subscriber) and hashes every buffer on its way there. */
    private record Hashing(BodySubscriber<Path> file, MessageDigest digest) implements BodySubscriber<Path> {

        @Override
        public CompletionStage<Path> getBody() {
            return file.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            file.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            buffers.forEach(buffer -> digest.update(buffer.duplicate()));
            file.onNext(buffers);
        }

        @Override
        public void onError(Throwable failure) {
            file.onError(failure);
        }

        @Override
        public void onComplete() {
            file.onComplete();
        }
    }
}
