package dev.hud.trainer.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureSelection;
import dev.hud.common.messages.Cell;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.SearchSettings;
import dev.hud.trainer.store.ModelCard;
import dev.hud.trainer.store.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/** A model trained here, registered in the real store, asked over HTTP about its held-out rows. */
@QuarkusTest
class PredictionResourceTest {

    private static final String MODEL = "prediction-test";

    @Inject
    ModelStore store;

    private Dataset data;
    private int[] heldOut;
    private float[] expected;

    @BeforeEach
    void registerAModel() {
        data = CsvDatasetReader.wdbc();
        var settings = new SearchSettings(3, 1, 0.2, null, FeatureSelection.ALL, NetworkSpec.DEFAULT, 3, 2);
        var experiment = Experiment.prepare(data, settings);
        var refit = new GridSearch(experiment, settings).refit(new Hyperparameters(0.03, 0.4, 5, 10, Optimizer.SGD), 10,
                () -> false);
        heldOut = experiment.holdout().test();
        expected = refit.holdoutProbabilities();
        store.save(new ModelCard(MODEL, MODEL, "wdbc", "diagnosis", data.featureNames(), "M", "B",
                new Cell(0.03, 0.4, 5, 10, "sgd"), 10, null, "cpu", 0, null), refit, experiment);
    }

    @Test
    void namedRowsGetWhatTheTrainedNetworkSaid() {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int row : heldOut) {
            Map<String, Double> named = new LinkedHashMap<>();
            for (int f = 0; f < data.featureCount(); f++) {
                named.put(data.featureNames().get(f), data.features()[row][f]);
            }
            rows.add(named);
        }
        List<Float> probabilities = asGateway().contentType(ContentType.JSON).body(Map.of("rows", rows))
                .when().post("/api/models/" + MODEL + "/predictions")
                .then().statusCode(200)
                .body("modelId", equalTo(MODEL))
                .body("positiveClass", equalTo("M"))
                .extract().jsonPath().getList("predictions.probability", Float.class);
        assertEquals(heldOut.length, probabilities.size());
        for (int i = 0; i < heldOut.length; i++) {
            assertEquals(expected[i], probabilities.get(i), 1e-5, "row " + heldOut[i]);
        }
    }

    @Test
    void positionalRowsAndTheClassLabel() {
        double[] first = data.features()[heldOut[0]];
        String predicted = asGateway().contentType(ContentType.JSON).body(Map.of("rows", List.of(first)))
                .when().post("/api/models/" + MODEL + "/predictions")
                .then().statusCode(200)
                .extract().path("predictions[0].predictedClass");
        assertEquals(expected[0] >= 0.5f ? "M" : "B", predicted);
    }

    @Test
    void wrongFeaturesAreNamed() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int f = 1; f < data.featureCount(); f++) {
            row.put(data.featureNames().get(f), 1.0);
        }
        row.put("shoe_size", 42);
        row.put("mean_texture", "soft");
        asGateway().contentType(ContentType.JSON).body(Map.of("rows", List.of(row, List.of(1, 2, 3))))
                .when().post("/api/models/" + MODEL + "/predictions")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("rows[0]"))
                .body("errors.message", hasItem("unknown features [shoe_size]"))
                .body("errors.message", hasItem("missing features [mean_radius]"))
                .body("errors.field", hasItem("rows[0].mean_texture"))
                .body("errors.find { it.field == 'rows[1]' }.message",
                        containsString("has 3 values, the model expects 30"));
    }

    @Test
    void badRequestsAreProblems() {
        asGateway().contentType(ContentType.JSON).body("{\"rows\": [}")
                .when().post("/api/models/" + MODEL + "/predictions")
                .then().statusCode(400).contentType(containsString("application/problem+json"));
        asGateway().contentType(ContentType.JSON).body("{\"rows\": []}")
                .when().post("/api/models/" + MODEL + "/predictions")
                .then().statusCode(400).body("errors[0].field", equalTo("rows"));
        asGateway().contentType(ContentType.JSON).body("{\"rows\": [[1]]}")
                .when().post("/api/models/no-such-model/predictions")
                .then().statusCode(404).body("detail", equalTo("no model 'no-such-model'"));
        asGateway().contentType(ContentType.JSON).body("{\"rows\": [[1]]}")
                .when().post("/api/models/..%2F..%2Fetc/predictions")
                .then().statusCode(404);
    }

    @Test
    void onlyWithATokenTheGatewaySignedForTheTrainers() {
        String row = "{\"rows\": [" + Arrays.toString(data.features()[heldOut[0]]) + "]}";
        String path = "/api/models/" + MODEL + "/predictions";
        given().contentType(ContentType.JSON).body(row).when().post(path).then().statusCode(401);
        // A token made for the cdn (a trainer's upload token, a media link) is not one for the trainers.
        given().auth().oauth2(token("hud-trainer", "service", "hud-cdn", 60)).contentType(ContentType.JSON).body(row)
                .when().post(path).then().statusCode(401);
        given().auth().oauth2(token("hud-gateway", "service", "hud-trainer", -60)).contentType(ContentType.JSON)
                .body(row)
                .when().post(path).then().statusCode(401);
        given().auth()
                .oauth2(Jwt.issuer("someone-else").upn("hud-gateway").groups("service").audience("hud-trainer")
                        .expiresIn(60).sign())
                .contentType(ContentType.JSON).body(row).when().post(path).then().statusCode(401);
        // A person's session is the gateway's: it checks the account and whose model it is, then calls with its own
        // token.
        given().auth().oauth2(token("ada", "user", "hud", 60)).contentType(ContentType.JSON).body(row)
                .when().post(path).then().statusCode(401);
        asGateway().contentType(ContentType.JSON).body(row).when().post(path).then().statusCode(200);
    }

    /** As the gateway calls: its own short-lived token for the trainers. */
    private static RequestSpecification asGateway() {
        return given().auth().oauth2(token("hud-gateway", "service", "hud-trainer", 60));
    }

    private static String token(String name, String group, String audience, long seconds) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer("hud").upn(name).groups(group).audience(audience).issuedAt(now - 120).expiresAt(now + seconds)
                .sign();
    }
}
