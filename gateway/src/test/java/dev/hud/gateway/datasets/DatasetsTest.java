package dev.hud.gateway.datasets;

import static dev.hud.gateway.jobs.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureRelevance;
import dev.hud.common.data.StratifiedSampling;
import dev.hud.gateway.media.FakeCdn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Data sets people bring, through the API against a stand-in cdn ({@link FakeCdn}) and the real PostgreSQL: an
 * upload that is not WDBC (two Gaussian classes, a quoted header, a missing value), what is stored for the trainers,
 * its profile, who may see and train on it, and every bad file answered with a problem naming row and column.
 */
@QuarkusTest
@WithTestResource(FakeCdn.class)
class DatasetsTest {

    @Inject
    EntityManager entities;

    /** Two classes apart on "signal", alike on "noise"; row 4 (the header is row 1) lacks its noise value. */
    static String gaussians(int rows, long seed) {
        var random = new Random(seed);
        var csv = new StringBuilder("\"noise, raw\",signal,\"class\"\r\n");
        for (int i = 0; i < rows; i++) {
            boolean positive = i % 3 == 0;
            String noise = i == 2 ? "" : String.valueOf(random.nextGaussian());
            csv.append(noise).append(',').append((positive ? 3 : 0) + random.nextGaussian()).append(',')
                    .append(positive ? "sick" : "well").append("\r\n");
        }
        return csv.toString();
    }

    private static ValidatableResponse upload(String token, String csv, String query) {
        return given().auth().oauth2(token).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/datasets?" + query).then();
    }

    private static JsonPath uploaded(String token, String csv) {
        return upload(token, csv, "name=two gaussians&label=class&missing=drop").statusCode(201)
                .header("Location", containsString("/api/datasets/")).extract().jsonPath();
    }

    @Test
    void anUploadIsCleanedStoredOnTheCdnAndDescribed() throws Exception {
        String token = newUser();
        String csv = gaussians(120, 1);
        JsonPath view = uploaded(token, csv);
        assertEquals("two gaussians", view.getString("name"));
        assertEquals("class", view.getString("label"));
        assertEquals("sick", view.getString("positiveClass"), "the rarer class, as none was named");
        assertEquals(List.of("noise, raw", "signal"), view.getList("features"));
        assertEquals(119, view.getInt("rows"));
        assertEquals(1, view.getInt("droppedRows"));
        assertEquals(Map.of("noise, raw", 1), view.getMap("missing"));

        // What the trainers get: the cleaned CSV under its sha-256, reading back to the same rows.
        String id = view.getString("id");
        String sha256 = QuarkusTransaction.requiringNew()
                .call(() -> UploadedDataset.<UploadedDataset>findById(id)).sha256;
        byte[] stored = FakeCdn.stored(sha256);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        Dataset clean = CsvDatasetReader.read(new StringReader(new String(stored, StandardCharsets.UTF_8)), "class",
                Optional.of("sick"));
        Dataset original = CsvDatasetReader.read(new StringReader(csv.replaceFirst("\r\n,", "\r\n0,")), "class",
                Optional.of("sick"));
        assertEquals(119, clean.rows());
        assertArrayEquals(original.features()[3], clean.features()[2], "row 4 dropped, the next one follows");
        var upload = FakeCdn.received("POST").stream().filter(r -> r.query().contains("kind=dataset")).toList();
        assertTrue(upload.get(upload.size() - 1).query().contains("name=two-gaussians.csv"), upload.toString());
    }

    @Test
    void theProfileIsComputedOnTheTrainingRowsOnly() {
        String token = newUser();
        String id = uploaded(token, gaussians(150, 2)).getString("id");
        JsonPath profile = given().auth().oauth2(token).when().get("/api/datasets/" + id + "/profile").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(149, profile.getInt("rows"));
        assertEquals(0.2, profile.getDouble("holdoutFraction"));
        int training = profile.getInt("trainingRows");
        assertTrue(training > 110 && training < 125, training + " training rows");
        assertEquals("signal", profile.getString("relevance[0].feature"), "the separating feature first");
        assertTrue(profile.getDouble("relevance[0].p") < 1e-10);
        assertTrue(profile.getDouble("relevance[1].p") > 1e-4, "noise is not relevant");
        for (int feature = 0; feature < 2; feature++) {
            List<Integer> negative = profile.getList("features[" + feature + "].histogram.negative");
            List<Integer> positive = profile.getList("features[" + feature + "].histogram.positive");
            assertEquals(20, negative.size());
            assertEquals(21, profile.getList("features[" + feature + "].histogram.edges").size());
            assertEquals(training, negative.stream().mapToInt(i -> i).sum() + positive.stream().mapToInt(i -> i).sum(),
                    "every training row in one bin, no held-out row");
        }
        assertEquals(List.of("well", "sick"), profile.getList("classes.name"));
    }

    @Test
    void theBuiltInDataSetHasItsProfileFromItsTrainingRows() {
        JsonPath profile = given().auth().oauth2(newUser()).when().get("/api/datasets/wdbc/profile").then()
                .statusCode(200).extract().jsonPath();
        Dataset wdbc = CsvDatasetReader.wdbc();
        int[] training = StratifiedSampling.holdout(wdbc.labels(), 0.2, 42).train();
        assertEquals(569, profile.getInt("rows"));
        assertEquals(training.length, profile.getInt("trainingRows"));
        var onTraining = FeatureRelevance.score(wdbc, training);
        var onAll = FeatureRelevance.score(wdbc, IntStream.range(0, wdbc.rows()).toArray());
        assertEquals(onTraining.get(0).feature(), profile.getString("relevance[0].feature"));
        assertEquals(onTraining.get(0).f(), profile.getDouble("relevance[0].f"), 1e-2); // read back as a float
        assertNotEquals(onAll.get(0).f(), profile.getDouble("relevance[0].f"), 1);
        assertEquals(30, profile.getList("features").size());
    }

    @Test
    void badFilesAreRefusedWithTheRowAndColumnNamed() {
        String token = newUser();
        String query = "name=bad&label=class";
        upload(token, "", query).statusCode(400).body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("empty"));
        upload(token, "a,class\n1,x\n2,x\n", query).statusCode(400).body("errors[0].field", equalTo("label"))
                .body("errors[0].message", containsString("one class only"));
        upload(token, "a,color,class\n1,2,x\n3,red,y\n", query).statusCode(400)
                .body("errors[0].field", equalTo("file: row 3, column 'color'"))
                .body("errors[0].message", containsString("numeric"));
        upload(token, "a,b,class\n1,2,x\n3,y\n", query).statusCode(400)
                .body("errors[0].field", equalTo("file: row 3"));
        upload(token, "a,b,class\n1,,x\n3,4,y\n5,6,x\n", query).statusCode(400)
                .body("errors[0].field", equalTo("file: row 2, column 'b'"))
                .body("errors[0].message", containsString("values are missing in column 'b' (1, first at row 2)"));
        upload(token, "a,b\n1,2\n", query).statusCode(400).body("errors[0].field", equalTo("label"));
        upload(token, "a,class\n1,x\n2,y\n", query + "&positive=z").statusCode(400)
                .body("errors[0].field", equalTo("positive"));
        upload(token, "a,class\n1,x\n2,y\n", "label=class").statusCode(400).body("errors[0].field", equalTo("name"));
        upload(token, "a,class\n1,x\n2,y\n", query + "&missing=fill").statusCode(400)
                .body("errors[0].field", equalTo("missing"));
        byte[] latin1 = "a,class\n1,caf\u00e9\n2,th\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        given().auth().oauth2(token).contentType("text/csv").body(latin1).when().post("/api/datasets?" + query)
                .then().statusCode(400).body("errors[0].message", containsString("not UTF-8"));
    }

    @Test
    void filesBeyondTheLimitsAreRefused() {
        String token = newUser();
        var rows = new StringBuilder("a,class\n");
        for (int i = 0; i <= 50_000; i++) {
            rows.append(i).append(i % 2 == 0 ? ",x\n" : ",y\n");
        }
        upload(token, rows.toString(), "name=long&label=class").statusCode(400)
                .body("errors[0].message", equalTo("the file has more than 50000 data rows, the limit"));
        upload(token, "x".repeat(10 * 1024 * 1024 + 1), "name=big&label=class").statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aDataSetIsItsOwnersUntilSharedAndJobsTrainOnIt() {
        String owner = newUser();
        String other = newUser();
        String id = uploaded(owner, gaussians(60, 3)).getString("id");
        String job = "{\"dataset\":\"" + id + "\",\"grid\":{\"learningRate\":[0.01],\"momentum\":[0.9]},"
                + "\"epochs\":2,\"features\":{\"drop\":[\"noise, raw\"]}}";

        given().auth().oauth2(other).when().get("/api/datasets/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().get("/api/datasets").then().statusCode(200)
                .body("id", not(hasItem(id))).body("[0].id", equalTo("wdbc"));
        given().auth().oauth2(other).contentType(ContentType.JSON).body(job).when().post("/api/training-jobs").then()
                .statusCode(400).body("errors[0].field", equalTo("dataset"));
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("shared", true))
                .when().put("/api/datasets/" + id + "/sharing").then().statusCode(404);

        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("shared", true))
                .when().put("/api/datasets/" + id + "/sharing").then().statusCode(200).body("shared", equalTo(true));
        given().auth().oauth2(other).when().get("/api/datasets").then().body("id", hasItem(id));
        given().auth().oauth2(other).when().delete("/api/datasets/" + id).then().statusCode(403);
        given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(job.replace("noise, raw", "no such column")).when().post("/api/training-jobs").then()
                .statusCode(400).body("errors[0].field", equalTo("features.drop[0]"));
        String jobId = given().auth().oauth2(other).contentType(ContentType.JSON).body(job)
                .when().post("/api/training-jobs").then().statusCode(202).extract().path("id");

        // The trainers are told where the cleaned file is, its label and positive class.
        Object[] search = QuarkusTransaction.requiringNew().call(() -> (Object[]) entities.createNativeQuery(
                "SELECT search ->> 'dataset', search ->> 'label', search ->> 'positiveClass' FROM training_job"
                        + " WHERE id = ?1")
                .setParameter(1, jobId).getSingleResult());
        String sha256 = QuarkusTransaction.requiringNew()
                .call(() -> UploadedDataset.<UploadedDataset>findById(id)).sha256;
        assertEquals(List.of("sha256:" + sha256, "class", "sick"), List.of(search));

        given().auth().oauth2(owner).when().delete("/api/datasets/" + id).then().statusCode(409)
                .body("detail", containsString(jobId));
        given().auth().oauth2(other).when().post("/api/training-jobs/" + jobId + "/cancel").then().statusCode(200);
        given().auth().oauth2(owner).when().delete("/api/datasets/" + id).then().statusCode(204);
        given().auth().oauth2(owner).when().get("/api/datasets/" + id).then().statusCode(404);
        var removed = FakeCdn.received("DELETE").stream().filter(r -> r.path().equals("/media/" + sha256)).toList();
        assertEquals(1, removed.size(), "its file removed from the cdn, as its owner's");
        assertEquals("Bearer", removed.get(0).authorization().split(" ")[0]);
    }
}
