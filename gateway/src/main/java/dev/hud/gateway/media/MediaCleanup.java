package dev.hud.gateway.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.gateway.models.Model;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Removes media nobody refers to any more: model and out-of-bag files of no registered model (the
 * job was deleted, or its upload was never registered), and avatars no user shows. Data sets users
 * upload are theirs and never removed. Files younger than the grace time are left: their upload may
 * not be registered yet.
 */
@ApplicationScoped
public class MediaCleanup {

    private static final Set<String> MANAGED = Set.of("model", "oob", "avatar");
    private static final int PAGE = 200;

    private final Cdn cdn;

    MediaCleanup(Cdn cdn) {
        this.cdn = cdn;
    }

    /** @return what it did, for the run's record */
    public String clean(Duration grace) {
        if (cdn.client().isEmpty()) {
            return "skipped: no cdn configured (hud.media.cdn-url)";
        }
        CdnClient client = cdn.client().get();
        Set<String> referenced = QuarkusTransaction.requiringNew().call(MediaCleanup::referenced);
        long youngest = System.currentTimeMillis() - grace.toMillis();
        String token = cdn.asGateway();
        var orphans = new ArrayList<String>();
        long seen = 0;
        for (int page = 0;; page++) {
            JsonNode answer = client.list(token, page, PAGE);
            JsonNode items = answer.path("items");
            for (JsonNode item : items) {
                seen++;
                String id = item.path("id").asText();
                if (MANAGED.contains(item.path("kind").asText()) && item.path("created").asLong() < youngest
                        && !referenced.contains(id)) {
                    orphans.add(id);
                }
            }
            if (items.size() < PAGE) {
                break;
            }
        }
        for (String id : new HashSet<>(orphans)) {
            client.delete(token, id).close();
        }
        return "removed " + new HashSet<>(orphans).size() + " of " + seen + " media records";
    }

    /** Hashes of every file a model or a user refers to. */
    private static Set<String> referenced() {
        var ids = new HashSet<String>();
        for (Model model : Model.<Model>listAll()) {
            for (String location : List.of(String.valueOf(model.modelLocation), String.valueOf(model.oobLocation))) {
                int at = location.lastIndexOf("/media/");
                if (at >= 0) {
                    ids.add(location.substring(at + "/media/".length()));
                }
            }
        }
        User.<User>list("avatarMedia is not null").forEach(user -> ids.add(user.avatarMedia));
        return ids;
    }
}
