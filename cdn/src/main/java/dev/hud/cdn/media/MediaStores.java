package dev.hud.cdn.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.CdnConfig;
import io.vertx.core.Vertx;

/** The media store {@code hud.cdn.media.store} names: {@code volume} (the default) or {@code s3}. */
@ApplicationScoped
class MediaStores {

    @Produces
    @Singleton
    MediaStore store(CdnConfig config, ObjectMapper json, Vertx vertx) {
        return switch (config.media().store()) {
            case VOLUME -> new VolumeMediaStore(config, json);
            case S3 -> S3MediaStore.create(config.media(), json, vertx);
        };
    }

    void close(@Disposes MediaStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
