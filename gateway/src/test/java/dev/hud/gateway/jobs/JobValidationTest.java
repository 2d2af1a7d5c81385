package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/** Every rule of a job request: a 400 problem naming the field, and nothing is stored or sent. */
@QuarkusTest
class JobValidationTest {

    private static String token;

    @BeforeEach
    void logIn() {
        if (token == null) {
            token = Api.newUser();
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                                                 | grid",
            "{'grid': {'momentum': [0.4]}}                                                      | grid.learningRate",
            "{'grid': {'learningRate': [0.02]}}                                                 | grid.momentum",
            "{'grid': {'learningRate': [], 'momentum': [0.4]}}                                  | grid.learningRate",
            "{'grid': {'learningRate': [0.02, -0.1], 'momentum': [0.4]}}                        | grid.learningRate[1]",
            "{'grid': {'learningRate': [11], 'momentum': [0.4]}}                                | grid.learningRate[0]",
            "{'grid': {'learningRate': [0.02, 0.02], 'momentum': [0.4]}}                        | grid.learningRate[1]",
            "{'grid': {'learningRate': [0.02], 'momentum': [1.0]}}                              | grid.momentum[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [-0.1]}}                             | grid.momentum[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4], 'batchSize': [0]}}            | grid.batchSize[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4], 'epochs': [5000]}}            | grid.epochs[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4], 'optimizer': ['lbfgs']}}      | grid.optimizer[0]",
            "{'grid': {'learningRate': [0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11], 'momentum':"
                    + " [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95]}} | grid",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'folds': 1}                  | folds",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'folds': 21}                 | folds",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'repeats': 0}                | repeats",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'repeats': 11}               | repeats",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'earlyStopping': {'patience': 3,"
                    + " 'validationFraction': 0.9}} | earlyStopping.validationFraction",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'epochs': 0}                 | epochs",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'batchSize': 0}              | batchSize",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'optimizer': 'sgdx'}         | optimizer",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'device': 'tpu'}             | device",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'dataset': '../etc/passwd'}  | dataset",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'earlyStopping': {}}         |"
                    + " earlyStopping.patience",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'earlyStopping': {'patience': 0}} |"
                    + " earlyStopping.patience",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'earlyStopping': {'patience': 3, 'minDelta': -1}}"
                    + " | earlyStopping.minDelta",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'features': {'topK': -1}}    | features.topK",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'features': {'drop': ['']}}  | features.drop[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'network': {'hidden': [0]}} | network.hidden[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'network': {'hidden': [8, 8], 'dropout': [0.1]}} |"
                    + " network.dropout",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'network': {'hidden': [8], 'dropout':"
                    + " [1.0]}} | network.dropout[0]",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'holdoutFraction': 0.9}      | holdoutFraction",
            "{'grid': {'learningRate': [0.02], 'momentum': [0.4]}, 'features': {'drop': ['mean_radius',"
                    + " 'no_such_column']}} | features.drop[1]",
            "{'grid': {'learningRate': [0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1], 'momentum':"
                    + " [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95]}, 'folds': 20, 'repeats': 10, 'epochs':"
                    + " 2000} | grid",
    })
    void eachRuleNamesItsField(String body, String field) {
        Api.submit(token, body.replace('\'', '"'))
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", Matchers.equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void aLongListIsOneErrorAndNothingOfItIsKept() {
        String names = IntStream.range(0, 5000).mapToObj(i -> "\"" + "n".repeat(60) + i + "\"")
                .collect(Collectors.joining(","));
        Api.submit(token,
                "{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"features\": {\"drop\": [" + names
                        + "]}}")
                .statusCode(400)
                .body("errors.size()", Matchers.equalTo(1))
                .body("errors[0].field", Matchers.equalTo("features.drop"))
                .body("errors[0].message", containsString("at most 29 values"));
    }

    @Test
    void aNameIsShort() {
        Api.submit(token,
                "{\"grid\": {\"learningRate\": [0.02], \"momentum\": [0.4]}, \"name\": \"" + "x".repeat(121) + "\"}")
                .statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void everyFaultIsNamedAtOnce() {
        Api.submit(token, """
                {"grid": {"learningRate": [-1], "momentum": [2]}, "folds": 30, "device": "tpu"}""")
                .statusCode(400)
                .body("errors.field", hasItems("grid.learningRate[0]", "grid.momentum[0]", "folds", "device"));
    }

    @Test
    void unknownFieldsAndBrokenJsonAreRefused() {
        Api.submit(token, """
                {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "learning_rate": 0.1}""")
                .statusCode(400).contentType(containsString("application/problem+json"))
                .body("detail", containsString("learning_rate"));
        Api.submit(token, """
                {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": "five"}""")
                .statusCode(400).body("detail", containsString("folds"));
        Api.submit(token, "{\"grid\": ").statusCode(400).contentType(containsString("application/problem+json"));
        Api.submit(token, "").statusCode(400);
    }

    @Test
    void listingParametersAreChecked() {
        given().auth().oauth2(token).when().get("/api/training-jobs?status=finished&size=0&page=-1")
                .then().statusCode(400).body("errors.field", hasItems("status", "size", "page"));
    }
}
