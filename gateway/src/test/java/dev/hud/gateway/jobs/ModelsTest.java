package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.gateway.schedule.ScheduledJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Registered models: whose they are (private by default, shared on request, the default one everyone's), where their
 * files are fetched (the cdn, with an access link for that file alone), and the sharing call's checks.
 */
@QuarkusTest
class ModelsTest {

    private static final String MODEL_MEDIA = "cd".repeat(32);
    private static final String OOB_MEDIA = "ef".repeat(32);

    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Inject
    ScheduledJobs schedule;

    @Test
    void filesRedirectToTheCdnWithAnAccessLinkForThatFileOnly() throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, "http://cdn:8083/media/" + MODEL_MEDIA,
                "https://cdn.example/media/" + OOB_MEDIA);
        model(owner, id).statusCode(200)
                .body("download", equalTo("/media/" + MODEL_MEDIA))
                .body("outOfBag", equalTo("/media/" + OOB_MEDIA));

        for (var file : Map.of("/download", MODEL_MEDIA, "/out-of-bag", OOB_MEDIA).entrySet()) {
            String location = given().auth().oauth2(owner).redirects().follow(false).when()
                    .get("/api/models/" + id + file.getKey()).then().statusCode(303).extract().header("Location");
            // On the app's own origin, never the cdn's internal address.
            assertThat(location, containsString("/media/" + file.getValue() + "?access="));
            assertThat(location, not(containsString("cdn:8083")));
            var claims = json.readTree(Base64.getUrlDecoder().decode(location.split("access=")[1].split("\\.")[1]));
            assertThat(claims.get("media").asText(), equalTo(file.getValue()));
            assertThat(claims.get("aud").toString(), containsString("hud-cdn"));
            long expires = claims.get("exp").asLong();
            assertThat(expires, greaterThan(Instant.now().getEpochSecond()));
            assertThat("a few minutes", expires, lessThanOrEqualTo(Instant.now().plusSeconds(330).getEpochSecond()));
        }
        // An admin fetches anyone's files; to someone else they do not exist.
        given().auth().oauth2(Api.admin()).redirects().follow(false).when()
                .get("/api/models/" + id + "/out-of-bag").then().statusCode(303);
        given().auth().oauth2(Api.newUser()).redirects().follow(false).when()
                .get("/api/models/" + id + "/out-of-bag").then().statusCode(404);
    }

    @Test
    void filesThatStayedOnTheTrainersVolumeAreNotFound() throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, "/var/lib/hud/models/m.zip", null);
        model(owner, id).statusCode(200).body("download", nullValue()).body("outOfBag", nullValue());
        given().auth().oauth2(owner).redirects().follow(false).when().get("/api/models/" + id + "/download").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("not uploaded to the cdn"));
        given().auth().oauth2(owner).redirects().follow(false).when().get("/api/models/" + id + "/out-of-bag").then()
                .statusCode(404);
    }

    @Test
    void aModelsCardNamesBothClassesAndTheRangesItsScalerMapsToZeroAndOne() throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, "/var/lib/hud/models/m.zip", null);
        model(owner, id).statusCode(200)
                .body("positiveClass", equalTo("M"))
                .body("negativeClass", equalTo("B"))
                .body("scaler.features", equalTo(List.of("mean_radius", "mean_texture")))
                .body("scaler.min", equalTo(List.of(6.981f, 9.71f)))
                .body("scaler.max", equalTo(List.of(28.11f, 39.28f)));
    }

    @Test
    void aModelOfATrainerBeforeTheseFieldsRegistersWithoutThem() throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, trainer::modelDoneAsAnOlderTrainer);
        model(owner, id).statusCode(200)
                .body("positiveClass", equalTo("M"))
                .body("features", hasSize(2))
                .body("negativeClass", nullValue())
                .body("scaler", nullValue());
    }

    @Test
    void aModelIsItsOwnersAndAdminsUntilShared() throws Exception {
        String owner = Api.newUser();
        String other = Api.newUser();
        String admin = Api.admin();
        String id = trainer.registeredModel(owner, "http://cdn:8083/media/" + MODEL_MEDIA, null);

        model(owner, id).statusCode(200).body("shared", equalTo(false)).body("isDefault", equalTo(false))
                .body("owner", equalTo(Api.username(owner))).body("jobId", equalTo(id))
                // How its job trained it, for the model's page: the label, network, features and evaluation.
                .body("training.dataset", equalTo("wdbc")).body("training.label", equalTo("diagnosis"))
                .body("training.folds", equalTo(2))
                .body("training.hidden.size()", greaterThan(0)).body("training.drop", hasSize(0));
        models(owner).body("id", hasItem(id));
        models(admin).body("id", hasItem(id));
        models(other).body("id", not(hasItem(id)));
        // To someone else it does not exist: not even its sharing can be changed.
        sharing(other, id, "{\"shared\": true}").statusCode(404);
        model(other, id).statusCode(404);

        sharing(owner, id, "{\"shared\": true}").statusCode(200).body("shared", equalTo(true));
        models(other).body("id", hasItem(id));
        model(other, id).statusCode(200).body("shared", equalTo(true));
        given().auth().oauth2(other).redirects().follow(false).when().get("/api/models/" + id + "/download").then()
                .statusCode(303);

        // An admin may make it private again; then it is gone for others at once (no stale cached list).
        sharing(admin, id, "{\"shared\": false}").statusCode(200).body("shared", equalTo(false));
        models(other).body("id", not(hasItem(id)));
        model(other, id).statusCode(404);
        model(owner, id).statusCode(200);
    }

    @Test
    void theDefaultModelIsEveryones() throws Exception {
        String id = RetrainTest.retrained(schedule, trainer);
        String someone = Api.newUser();
        model(someone, id).statusCode(200).body("isDefault", equalTo(true));
        models(someone).body("find { it.id == '" + id + "' }.isDefault", equalTo(true));
        given().auth().oauth2(someone).redirects().follow(false).when().get("/api/models/" + id + "/download").then()
                .statusCode(303);
        // Only an admin (its owner is the scheduler's) changes its sharing.
        sharing(someone, id, "{\"shared\": false}").statusCode(403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{}", "{\"shared\": null}", "{\"shared\": \"perhaps\"}", "{\"shared\": [true]}",
            "{\"shared\": true, \"public\": true}", "null" })
    void aBadSharingBodyIsA400NamingTheField(String body) throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, "http://cdn:8083/media/" + MODEL_MEDIA, null);
        var answer = sharing(owner, id, body).statusCode(400).contentType("application/problem+json");
        String field = body.contains("public") ? "public" : "shared";
        String text = answer.extract().asString();
        assertThat(text, containsString(field));
        model(owner, id).body("shared", equalTo(false)); // nothing changed
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "[]", "{\"shared\": ", "true" })
    void aBodyThatIsNoJsonObjectIsA400(String body) throws Exception {
        String owner = Api.newUser();
        String id = trainer.registeredModel(owner, "http://cdn:8083/media/" + MODEL_MEDIA, null);
        sharing(owner, id, body).statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        model(owner, id).body("shared", equalTo(false));
    }

    @Test
    void aModelThatDoesNotExistIsNotFoundEverywhere() {
        String admin = Api.admin();
        for (String path : List.of("", "/download", "/out-of-bag")) {
            given().auth().oauth2(admin).redirects().follow(false).when().get("/api/models/no-such-model" + path)
                    .then().statusCode(404);
        }
        sharing(admin, "no-such-model", "{\"shared\": true}").statusCode(404);
        given().when().get("/api/models").then().statusCode(401);
    }

    private static ValidatableResponse model(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/models/" + id).then();
    }

    private static ValidatableResponse models(String token) {
        return given().auth().oauth2(token).when().get("/api/models").then().statusCode(200);
    }

    private static ValidatableResponse sharing(String token, String id, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .when().put("/api/models/" + id + "/sharing").then();
    }
}
