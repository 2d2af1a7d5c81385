package dev.hud.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The media store's settings as the chart gives them: environment variables only. */
class CdnConfigTest {

    private static CdnConfig from(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(CdnConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new EnvConfigSource(env, 300)).build();
        return config.getConfigMapping(CdnConfig.class);
    }

    @Test
    void theBucketComesFromTheEnvironment() {
        var media = from(Map.of("HUD_CDN_MEDIA_ROOT", "/var/lib/hud/media", "HUD_CDN_MEDIA_STORE", "s3",
                "HUD_CDN_MEDIA_S3_BUCKET", "hud-media", "HUD_CDN_MEDIA_S3_ENDPOINT", "http://minio.storage:9000",
                "HUD_CDN_MEDIA_S3_PATH_STYLE_ACCESS", "true", "HUD_CDN_MEDIA_S3_PREFIX", "prod",
                "HUD_CDN_MEDIA_S3_ACCESS_KEY_ID", "id", "HUD_CDN_MEDIA_S3_SECRET_ACCESS_KEY", "secret")).media();
        assertEquals(CdnConfig.Store.S3, media.store());
        assertEquals(Optional.of("hud-media"), media.s3().bucket());
        assertEquals(Optional.of(URI.create("http://minio.storage:9000")), media.s3().endpoint());
        assertTrue(media.s3().pathStyleAccess());
        assertEquals(Optional.of("prod"), media.s3().prefix());
        assertEquals(Optional.of("id"), media.s3().accessKeyId());
        assertEquals(Optional.of("secret"), media.s3().secretAccessKey());
        assertEquals(16L * 1024 * 1024, media.s3().partSize().asLongValue());
    }

    @Test
    void aFolderByDefault() {
        var media = from(Map.of("HUD_CDN_MEDIA_ROOT", "/var/lib/hud/media")).media();
        assertEquals(CdnConfig.Store.VOLUME, media.store());
        assertEquals(Optional.empty(), media.s3().bucket());
        assertEquals(Optional.empty(), media.s3().accessKeyId());
    }
}
