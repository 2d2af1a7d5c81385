package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.gateway.models.TrainerClient;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Predictions of a CSV file: the header names the model's features in any order (other columns kept, unused), the
 * answer is the file with {@code predicted_class} and {@code probability} appended; a bad file is a problem naming its
 * row and column, and nothing reaches the trainer; the trainer's row limit and the gateway's byte limit hold.
 */
@QuarkusTest
class CsvPredictionsTest {

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    private final ObjectMapper json = new ObjectMapper();
    /** The JSON bodies the gateway sent to the trainer's prediction API. */
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** A trainer that predicts the positive class when the first feature (mean_radius) is over 15. */
    @BeforeEach
    void trainerPredicts() {
        QuarkusMock.installMockForType((TrainerClient) (modelId, authorization, body) -> {
            sent.add(body);
            try {
                var answer = json.createObjectNode().put("modelId", modelId).put("positiveClass", "M")
                        .put("negativeClass", "B");
                var predictions = answer.putArray("predictions");
                for (JsonNode row : json.readTree(body).path("rows")) {
                    double p = row.get(0).asDouble() > 15 ? 0.9 : 0.1;
                    predictions.addObject().put("probability", p).put("predictedClass", p >= 0.5 ? "M" : "B");
                }
                return Response.ok(json.writeValueAsString(answer), MediaType.APPLICATION_JSON).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TrainerClient.class, RestClient.LITERAL);
    }

    @Test
    void aFileIsAnsweredWithEachRowsClassAndProbabilityAppended() throws Exception {
        String owner = Api.newUser();
        String id = model(owner);
        // Features in another order than the model's (mean_radius, mean_texture), a label and a quoted id column.
        String file = "\uFEFF\"id\",mean_texture,diagnosis,mean_radius\r\n"
                + "\"a, 1\",10.5,M,17.99\r\n"
                + "b,20,B,12.0\r\n";
        String answer = predict(owner, id, file).statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("attachment; filename=\"predictions-"))
                .extract().asString();
        assertThat(answer, equalTo("id,mean_texture,diagnosis,mean_radius,predicted_class,probability\r\n"
                + "\"a, 1\",10.5,M,17.99,M,0.9\r\n"
                + "b,20,B,12.0,B,0.1\r\n"));
        // The trainer got the rows in the model's feature order, numbers only.
        assertThat(json.readTree(sent.get(sent.size() - 1)).toString(),
                equalTo("{\"rows\":[[17.99,10.5],[12.0,20.0]]}"));

        // ';' as spreadsheets in some locales save it.
        predict(owner, id, "mean_radius;mean_texture\n16;1\n").statusCode(200)
                .body(equalTo("mean_radius,mean_texture,predicted_class,probability\r\n16,1,M,0.9\r\n"));
    }

    @Test
    void aHeaderWithoutAFeatureIsA400NamingIt() throws Exception {
        String owner = Api.newUser();
        String id = model(owner);
        predict(owner, id, "mean_radius,diagnosis\n17.99,M\n").statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'mean_texture'"))
                .body("errors.message", hasItem("missing feature 'mean_texture'"));
        predict(owner, id, "").statusCode(400).body("detail", containsString("empty"));
        predict(owner, id, "mean_radius,mean_texture\n").statusCode(400).body("detail", containsString("no rows"));
        assertThat(sent, hasSize(0));
    }

    @Test
    void aCellThatIsNoNumberIsA400NamingItsRowAndColumn() throws Exception {
        String owner = Api.newUser();
        String id = model(owner);
        predict(owner, id, "mean_radius,mean_texture,diagnosis\n17.99,10.5,M\n12.0,abc,B\n").statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("row 3, column 'mean_texture'"))
                .body("errors[0].field", equalTo("row 3, column 'mean_texture'"))
                .body("errors[0].message", containsString("'abc' is not a finite number"));
        predict(owner, id, "mean_radius,mean_texture\n1,2\n3\n").statusCode(400)
                .body("errors[0].field", equalTo("row 3")).body("errors[0].message", containsString("1 cells"));
        predict(owner, id, "mean_radius,mean_texture\n,2\n").statusCode(400)
                .body("errors[0].field", equalTo("row 2, column 'mean_radius'"));
        assertThat(sent, hasSize(0));
    }

    @Test
    void tooManyRowsOrBytesAre413() throws Exception {
        String owner = Api.newUser();
        String id = model(owner);
        var rows = new StringBuilder("mean_radius,mean_texture\n");
        rows.append("1,2\n".repeat(10_000));
        predict(owner, id, rows.toString()).statusCode(200);
        rows.append("1,2\n");
        predict(owner, id, rows.toString()).statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 10000 rows"));
        // Over the gateway's body limit (hud.http.max-body, 1 MB), refused before it is read.
        String big = "mean_radius,mean_texture,note\n" + ("1,2," + "x".repeat(1000) + "\n").repeat(1100);
        predict(owner, id, big).statusCode(413);
        assertThat(sent, hasSize(1));
    }

    @Test
    void someoneElsesModelIsNotFound() throws Exception {
        String id = model(Api.newUser());
        predict(Api.newUser(), id, "mean_radius,mean_texture\n1,2\n").statusCode(404).body("detail", containsString(id))
                .body("errors", nullValue());
        assertThat(sent, hasSize(0));
    }

    private static String model(String owner) throws Exception {
        return trainer.registeredModel(owner, "http://cdn:8083/media/" + "cd".repeat(32), null);
    }

    private static ValidatableResponse predict(String token, String id, String csv) {
        return given().auth().oauth2(token).contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8)).when()
                .post("/api/models/" + id + "/predictions").then();
    }

}
