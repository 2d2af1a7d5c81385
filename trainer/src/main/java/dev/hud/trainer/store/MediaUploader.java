package dev.hud.trainer.store;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.trainer.TrainerConfig;

/**
 * Uploads a registered model's files to the cdn's media store, streamed from disk, with the
 * trainer's service token (configured, or exchanged at the gateway: {@link ServiceToken}). Returns
 * where the cdn serves them.
 *
 * <p>With the JDK's HTTP client, not the Quarkus REST client: the REST client serialises a request's body into one
 * buffer in memory before sending it (resteasy-reactive-client 3.33, {@code ClientSerialisers.invokeClientWriter}),
 * while this streams the file from disk, so a large model costs no heap.
 */
@ApplicationScoped
public class MediaUploader {

    private static final Logger LOG = Logger.getLogger(MediaUploader.class);

    /** The cdn could not take the file now: the work goes back to the queue and is tried again. */
    public static class UploadFailed extends RuntimeException {
        UploadFailed(String message) {
            super(message);
        }
    }

    private final Optional<URI> cdn;
    private final ServiceToken token;
    private final ObjectMapper json;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MediaUploader(TrainerConfig config, ObjectMapper json, ServiceToken token) {
        this.cdn = config.media().url();
        this.json = json;
        this.token = token;
    }

    public boolean enabled() {
        return cdn.isPresent();
    }

    /**
     * Fetches the service token ahead of the first upload (and pays the HTTP client's start-up then); a gateway not up
     * yet only means the first upload fetches it.
     */
    public void prepare() {
        if (!enabled()) {
            return;
        }
        try {
            token.current();
        } catch (IOException e) {
            LOG.debugf("no service token yet (the first upload asks again): %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the absolute URL of the stored file */
    public String upload(Path file, String kind) {
        URI base = cdn.orElseThrow();
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
        URI target = base.resolve("/media?kind=" + kind + "&name=" + name);
        try {
            var request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + token.current())
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw new UploadFailed("the cdn answered " + response.statusCode() + " to the upload of " + file + ": "
                        + response.body());
            }
            // The cdn names the stored file in Location (/media/<sha256>), its record carries the id.
            var location = response.headers().firstValue("Location");
            String path = location.isPresent() ? location.get()
                    : "/media/" + json.readTree(response.body()).path("id").asText();
            return base.resolve(path).toString();
        } catch (IOException e) {
            throw new UploadFailed("cannot upload " + file + " to " + target + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadFailed("interrupted while uploading " + file);
        }
    }
}
