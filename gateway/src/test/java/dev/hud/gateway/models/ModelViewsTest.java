package dev.hud.gateway.models;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hud.common.messages.Cell;

/** Who sees a model, and which of its locations the app serves (only files the trainers put on the cdn). */
class ModelViewsTest {

    @Test
    void aModelIsVisibleToItsOwnerAndAdminsAndToEveryoneWhenSharedOrTheDefault() {
        var own = view(false, false);
        assertThat(own.visibleTo("alice", false), is(true));
        assertThat(own.visibleTo("bob", false), is(false));
        assertThat(own.visibleTo(null, false), is(false));
        assertThat(own.visibleTo("bob", true), is(true));
        assertThat(view(true, false).visibleTo("bob", false), is(true));
        assertThat(view(false, true).visibleTo("bob", false), is(true));
    }

    @Test
    void onlyCdnMediaUrlsBecomePathsOnTheAppsOrigin() {
        assertThat(ModelViews.mediaPath("http://cdn:8083/media/" + "ab".repeat(32)), is("/media/" + "ab".repeat(32)));
        assertThat(ModelViews.mediaPath("https://cdn.example.org/media/x?y=1"), is("/media/x"));
        // Files that stayed on the trainers' volume, or anything else, are not served.
        assertThat(ModelViews.mediaPath("/var/lib/hud/models/j/model.zip"), nullValue());
        assertThat(ModelViews.mediaPath("file:///media/x"), nullValue());
        assertThat(ModelViews.mediaPath("http://cdn:8083/assets/app.js"), nullValue());
        assertThat(ModelViews.mediaPath("http://cdn:8083"), nullValue());
        assertThat(ModelViews.mediaPath(null), nullValue());
    }

    private static ModelViews.ModelView view(boolean shared, boolean isDefault) {
        return new ModelViews.ModelView("m", "m", "alice", "wdbc", new Cell(0.01, 0.4, 5, 55, "sgd"), 10, 0.95, null,
                List.of(), "M", "B", null, null, null, "cpu", 1.0, isDefault, shared, null, null);
    }
}
