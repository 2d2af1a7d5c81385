package dev.hud.gateway.media;

import static dev.hud.gateway.jobs.Api.PASSWORD;
import static dev.hud.gateway.jobs.Api.created;
import static dev.hud.gateway.jobs.Api.submitted;
import static dev.hud.gateway.jobs.Api.token;
import static dev.hud.gateway.jobs.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.gateway.auth.TokenClaims;
import dev.hud.gateway.auth.TokenIssuer;
import dev.hud.gateway.schedule.ScheduledJobs;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The media clean-up against a stand-in for the cdn's media API ({@link FakeCdn}): which files it removes (model,
 * out-of-bag and avatar files nothing refers to, older than the grace time), which it leaves, and how it asks.
 */
@QuarkusTest
@WithTestResource(FakeCdn.class)
class MediaCleanupTest {

    private static final Duration GRACE = Duration.ofHours(1);

    @Inject
    MediaCleanup cleanup;

    @Inject
    EntityManager entities;

    @Inject
    Scheduler scheduler;

    /** The scheduled clean-up would call the same cdn while a test counts what it receives. */
    @BeforeEach
    void pauseTheScheduledCleanUp() {
        scheduler.pause(ScheduledJobs.MEDIA_CLEANUP);
    }

    @AfterEach
    void resumeIt() {
        scheduler.resume(ScheduledJobs.MEDIA_CLEANUP);
    }

    private static String mediaId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    private static long hoursAgo(double hours) {
        return System.currentTimeMillis() - (long) (hours * 3_600_000);
    }

    private static Set<String> deleted() {
        return FakeCdn.received("DELETE").stream().map(r -> r.path().substring("/media/".length()))
                .collect(Collectors.toSet());
    }

    /** A registered model whose files are at these cdn locations, as a trainer's {@code ModelCompleted} leaves it. */
    private void registerModel(String modelLocation, String oobLocation) {
        String owner = unique("mo");
        long ownerId = created(owner, User.USER);
        String job = submitted(token(owner, PASSWORD),
                "{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"folds\": 2, \"epochs\": 2}");
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery(
                "INSERT INTO model (id, job_id, owner_id, dataset, learning_rate, momentum, batch_size, epochs,"
                        + " optimizer,"
                        + " refit_epochs, holdout, features, model_location, oob_location)"
                        + " VALUES (?1, ?2, ?3, 'wdbc', 0.02, 0.4, 5, 2, 'sgd', 2, '{}'::jsonb, '[]'::jsonb, ?4, ?5)")
                .setParameter(1, job).setParameter(2, job).setParameter(3, ownerId).setParameter(4, modelLocation)
                .setParameter(5, oobLocation).executeUpdate());
    }

    @Test
    void removesOldFilesNothingRefersToAndLeavesTheRest() {
        String owner = unique("ava");
        created(owner, User.USER);
        String session = token(owner, PASSWORD);
        FakeCdn.reset(List.of());
        // The avatar is set through the gateway, which stores the id the cdn gives it.
        String avatarId = given().auth().oauth2(session).contentType("image/png")
                .body(new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 })
                .when().put("/api/account/avatar").then().statusCode(200).extract().<String>path("avatar")
                .substring("/media/".length());

        String modelKept = mediaId();
        String oobKept = mediaId();
        registerModel("http://cdn.example:8083/media/" + modelKept, "/media/" + oobKept);

        String orphanModel = mediaId();
        String orphanOob = mediaId();
        String orphanAvatar = mediaId();
        String youngModel = mediaId();
        String dataset = mediaId();
        FakeCdn.reset(List.of(new FakeCdn.Item(orphanModel, "model", hoursAgo(2)),
                new FakeCdn.Item(orphanOob, "oob", hoursAgo(30)),
                new FakeCdn.Item(orphanAvatar, "avatar", hoursAgo(1.5)),
                new FakeCdn.Item(youngModel, "model", hoursAgo(0.5)),
                new FakeCdn.Item(dataset, "dataset", hoursAgo(100)),
                new FakeCdn.Item(modelKept, "model", hoursAgo(5)),
                new FakeCdn.Item(oobKept, "oob", hoursAgo(5)),
                new FakeCdn.Item(avatarId, "avatar", hoursAgo(5))));

        assertEquals("removed 3 of 8 media records", cleanup.clean(GRACE));
        assertEquals(Set.of(orphanModel, orphanOob, orphanAvatar), deleted());
        assertEquals(3, FakeCdn.received("DELETE").size(), "each once");

        // Once older than the grace time, the young one goes too; referenced files and data sets never.
        FakeCdn.reset(new ArrayList<>(FakeCdn.ITEMS));
        assertEquals("removed 4 of 8 media records", cleanup.clean(Duration.ofMinutes(20)));
        assertEquals(Set.of(orphanModel, orphanOob, orphanAvatar, youngModel), deleted());
    }

    @Test
    void everyCallIsTheGatewaysOwnShortLivedAdminTokenForTheCdnOnly() {
        FakeCdn.reset(List.of(new FakeCdn.Item(mediaId(), "model", hoursAgo(2))));
        cleanup.clean(GRACE);
        assertEquals(List.of("GET", "DELETE"), FakeCdn.RECEIVED.stream().map(FakeCdn.Received::method).toList());
        for (FakeCdn.Received request : FakeCdn.RECEIVED) {
            assertTrue(request.authorization().startsWith("Bearer "), request.toString());
            JsonNode claims = TokenClaims.of(request.authorization());
            assertEquals(TokenIssuer.CDN, TokenClaims.audience(claims));
            assertEquals("hud-gateway", claims.path("upn").asText());
            assertEquals(List.of("admin", "service"), TokenClaims.groups(claims));
            assertTrue(TokenClaims.secondsLeft(claims) <= 60, "a minute at most");
        }
        assertEquals("/media", FakeCdn.RECEIVED.get(0).path());
        assertEquals("page=0&size=200", FakeCdn.RECEIVED.get(0).query());
    }

    @Test
    void everyPageOfTheListingIsReadUntilAShortOne() {
        var items = new ArrayList<FakeCdn.Item>();
        for (int i = 0; i < 450; i++) {
            items.add(new FakeCdn.Item(mediaId(), i % 2 == 0 ? "model" : "dataset", hoursAgo(3)));
        }
        FakeCdn.reset(items);
        assertEquals("removed 225 of 450 media records", cleanup.clean(GRACE));
        assertEquals(List.of("page=0&size=200", "page=1&size=200", "page=2&size=200"),
                FakeCdn.received("GET").stream().map(FakeCdn.Received::query).toList());
        assertEquals(225, deleted().size());

        // Exactly one full page: the next, empty, one is asked for and ends it.
        FakeCdn.reset(items.subList(0, 200));
        assertEquals("removed 100 of 200 media records", cleanup.clean(GRACE));
        assertEquals(2, FakeCdn.received("GET").size());
    }

    @Test
    void anAvatarUploadActsForThePersonAndTheCdnsRefusalIsTheirAnswer() {
        String name = unique("bea");
        created(name, User.USER);
        String session = token(name, PASSWORD);
        FakeCdn.reset(List.of());
        given().auth().oauth2(session).contentType("image/png").body("GIF89a not a png".getBytes())
                .when().put("/api/account/avatar").then().statusCode(415)
                .contentType(containsString("application/problem+json"))
                .body("detail", equalTo("not a PNG, JPEG or WebP image"));
        given().auth().oauth2(session).when().get("/api/account").then().body("avatar", equalTo(null));

        String avatar = given().auth().oauth2(session).contentType("image/png")
                .body(new byte[] { (byte) 0x89, 'P', 'N', 'G', 42 })
                .when().put("/api/account/avatar").then().statusCode(200).body("username", equalTo(name))
                .extract().path("avatar");
        given().auth().oauth2(session).when().get("/api/account").then().body("avatar", equalTo(avatar));

        List<FakeCdn.Received> uploads = FakeCdn.received("POST");
        assertEquals(2, uploads.size());
        FakeCdn.Received upload = uploads.get(1);
        assertEquals("/media", upload.path());
        assertEquals("kind=avatar&name=avatar", upload.query());
        JsonNode claims = TokenClaims.of(upload.authorization());
        assertEquals(TokenIssuer.CDN, TokenClaims.audience(claims));
        assertEquals(name, claims.path("upn").asText(), "recorded at the cdn as the person's upload");
        assertEquals(List.of("user"), TokenClaims.groups(claims));
    }
}
