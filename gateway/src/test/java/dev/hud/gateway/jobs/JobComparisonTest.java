package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The comparison table (and its CSV file) shows finished jobs a caller may see, whatever ids they name; admins see
 * everyone's.
 */
@QuarkusTest
class JobComparisonTest {

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @Test
    void namingSomeoneElsesJobShowsNothingOfIt() throws Exception {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String alices = finished(alice, "alice's");
        String bobs = finished(bob, "bob's");

        given().auth().oauth2(bob).queryParam("ids", alices + "," + bobs).when().get("/api/training-jobs/comparison")
                .then()
                .statusCode(200).body("id", contains(bobs));
        given().auth().oauth2(bob).queryParam("ids", alices).when().get("/api/training-jobs/comparison").then()
                .statusCode(200).body("$", empty());
        given().auth().oauth2(bob).when().get("/api/training-jobs/comparison").then()
                .statusCode(200).body("id", hasItem(bobs)).body("id", not(hasItem(alices)));
        given().auth().oauth2(Api.admin()).queryParam("ids", alices + "," + bobs).when()
                .get("/api/training-jobs/comparison").then()
                .statusCode(200).body("id", hasItems(alices, bobs));
    }

    /**
     * The table as a CSV file (at /comparison.csv, and for Accept: text/csv): a header row, a row per job the caller
     * may see (someone else's job is left out even when named), cells with commas or quotes quoted as RFC 4180 says.
     */
    @Test
    void theCsvExportHasTheTableQuotedAndOnlyTheCallersJobs() throws Exception {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String alices = finished(alice, "alice's");
        String bobs = finished(bob, "bob's, \\\"best\\\" one");

        String csv = given().auth().oauth2(bob).queryParam("ids", alices + "," + bobs).when()
                .get("/api/training-jobs/comparison.csv").then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("attachment; filename=\"hud-comparison.csv\""))
                .extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(0), startsWith("job,name,owner,dataset,grid,cells,folds,repeats,early_stopping_patience,"
                + "hidden_units,dropout,top_k,dropped_features,device,devices,wall_seconds,cv_accuracy,cv_std,cv_low,"
                + "cv_high,holdout_accuracy,best_learning_rate,best_momentum"));
        assertThat(lines, hasSize(2));
        assertThat(csv, not(containsString(alices)));
        assertThat(lines.get(1),
                startsWith(bobs + ",\"bob's, \"\"best\"\" one\"," + Api.username(bob) + ",wdbc,2x2,4,3,1,3,"));
        var record = CSVParser.parse(csv, CSVFormat.RFC4180.builder().setHeader().get()).getRecords().get(0);
        assertThat(record.get("name"), equalTo("bob's, \"best\" one"));
        assertThat(record.get("cv_accuracy"), equalTo("0.95"));
        assertThat(record.get("holdout_accuracy"), equalTo("0.98"));
        assertThat(record.get("best_learning_rate"), anyOf(equalTo("0.02"), equalTo("0.03")));
        assertThat(record.get("hidden_units"), not(emptyString()));

        // The same for Accept: text/csv on the table's own address; nothing of alice's, named or not.
        String accepted = given().auth().oauth2(bob).accept("text/csv").queryParam("ids", alices).when()
                .get("/api/training-jobs/comparison").then().statusCode(200).contentType(startsWith("text/csv"))
                .extract().asString();
        assertThat(accepted.split("\r\n").length, equalTo(1));
        String all = given().auth().oauth2(bob).when().get("/api/training-jobs/comparison.csv").then().statusCode(200)
                .extract().asString();
        assertThat(all, containsString(bobs));
        assertThat(all, not(containsString(alices)));
        // An admin's file has both.
        String admins = given().auth().oauth2(Api.admin()).queryParam("ids", alices + "," + bobs).when()
                .get("/api/training-jobs/comparison.csv").then().statusCode(200).extract().asString();
        assertThat(admins, allOf(containsString(alices), containsString(bobs)));
        given().when().get("/api/training-jobs/comparison.csv").then().statusCode(401);
    }

    /** The JSON rows carry the data set, network and features the job trained with. */
    @Test
    void aRowNamesTheDataSetNetworkAndFeatures() throws Exception {
        String alice = Api.newUser();
        String id = finished(alice, "network");
        given().auth().oauth2(alice).queryParam("ids", id).when().get("/api/training-jobs/comparison").then()
                .statusCode(200).body("[0].dataset", equalTo("wdbc")).body("[0].hidden", not(empty()))
                .body("[0].dropout.size()", equalTo(given().auth().oauth2(alice).queryParam("ids", id)
                        .get("/api/training-jobs/comparison").path("[0].hidden.size()")))
                .body("[0].cvStd", notNullValue()).body("[0].drop", empty());
    }

    /** A job played to its end by the trainer double: every trial's result, then the refit's model. */
    private String finished(String token, String name) throws Exception {
        String id = Api.submitted(token, Api.SMALL_GRID.formatted(name));
        List<TrainingWork> trials = trainer.take(id, 4, Duration.ofSeconds(10));
        for (TrainingWork trial : trials) {
            trainer.trialDone(trial, 0.95, 6);
        }
        trainer.modelDone(trainer.take(id, 1, Duration.ofSeconds(10)).get(0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(token, id)));
        return id;
    }
}
