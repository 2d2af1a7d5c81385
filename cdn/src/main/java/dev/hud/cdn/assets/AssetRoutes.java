package dev.hud.cdn.assets;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.CdnConfig;
import dev.hud.cdn.http.FileResponder;
import dev.hud.cdn.http.StaticFile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /assets/**}: content-hashed files cached for a year as immutable, others revalidated by
 * ETag after a short max-age. Only files of the {@link AssetIndex} are served.
 */
@ApplicationScoped
public class AssetRoutes {

    private static final Logger LOG = Logger.getLogger(AssetRoutes.class);
    private static final String PREFIX = "/assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final AssetIndex index;
    private final String revalidate;

    AssetRoutes(CdnConfig config, ObjectMapper json) {
        var root = config.assets().root().orElseGet(() -> BuiltAssets.unpack(json));
        this.index = AssetIndex.of(root);
        this.revalidate = "public, max-age=" + config.assets().revalidateAfter().toSeconds();
        LOG.infof("Serving %d assets from %s", index.size(), root);
    }

    /** What is served under /assets (the warm-up requests some of it). */
    public AssetIndex index() {
        return index;
    }

    void register(@Observes Router router) {
        router.route(PREFIX + "*").order(-10).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        String raw = context.request().path();
        if (!raw.startsWith(PREFIX)) {
            context.next();
            return;
        }
        String name;
        try {
            name = new URI(raw.substring(PREFIX.length())).getPath();
        } catch (URISyntaxException e) {
            context.response().setStatusCode(400).end();
            return;
        }
        if (name == null || name.contains("..") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.startsWith("/")) {
            context.response().setStatusCode(400).end();
            return;
        }
        StaticFile file = index.get(name);
        if (file == null) {
            context.response().setStatusCode(404).putHeader("X-Content-Type-Options", "nosniff").end();
            return;
        }
        FileResponder.send(context.request(), file,
                Map.of("Cache-Control", index.isHashed(name) ? IMMUTABLE : revalidate));
    }
}
