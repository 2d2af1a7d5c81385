package dev.hud.cdn.warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.hud.cdn.assets.AssetIndex;
import dev.hud.cdn.http.StaticFile;
import io.vertx.core.http.HttpMethod;

/**
 * The requests of one warm-up round: every answer a static file gets (200 plain, gzip and br, 304, HEAD, 206, 404),
 * on files the cdn already serves. Only reads: nothing is created, no media are touched.
 */
record WarmUpPlan(List<Target> targets) {

    /** A name no asset has: its 404 is part of the hot path too (probes, stale links). */
    static final String ABSENT = "/assets/hud-warm-up-absent.txt";

    record Target(HttpMethod method, String path, Map<String, String> headers) {
    }

    static WarmUpPlan of(AssetIndex index) {
        List<Target> targets = new ArrayList<>();
        // The smallest file with precompressed variants: the app's scripts and styles, the bulk of the traffic.
        var small = index.names().stream().min(Comparator.comparing((String name) -> !index.get(name).hasVariants())
                .thenComparingLong(name -> index.get(name).size()));
        small.ifPresent(name -> {
            StaticFile file = index.get(name);
            String path = "/assets/" + name;
            // Weighted as traffic is: mostly whole files, plain or gzip; the other answers once a round.
            targets.addAll(Collections.nCopies(3, new Target(HttpMethod.GET, path, Map.of())));
            if (file.gzip() != null) {
                targets.addAll(
                        Collections.nCopies(2, new Target(HttpMethod.GET, path, Map.of("Accept-Encoding", "gzip"))));
            }
            if (file.brotli() != null) {
                targets.add(new Target(HttpMethod.GET, path, Map.of("Accept-Encoding", "br, gzip")));
            }
            targets.add(new Target(HttpMethod.GET, path, Map.of("If-None-Match", file.etag())));
            targets.add(new Target(HttpMethod.HEAD, path, Map.of()));
        });
        // The largest file stands for media: ranges are what players and resumed downloads ask for.
        index.names().stream().max(Comparator.comparingLong(name -> index.get(name).size()))
                .filter(name -> index.get(name).size() > 1)
                .ifPresent(name -> targets.add(new Target(HttpMethod.GET, "/assets/" + name,
                        Map.of("Range", "bytes=0-" + (Math.min(index.get(name).size(), 64 * 1024) - 1)))));
        targets.add(new Target(HttpMethod.GET, ABSENT, Map.of()));
        return new WarmUpPlan(List.copyOf(targets));
    }

    Target get(long request) {
        return targets.get((int) (request % targets.size()));
    }
}
