package dev.hud.sensors.storage;

import static dev.hud.sensors.SignedIn.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hud.sensors.SignedIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Known samples written to the real telemetry database, read back down-sampled. */
@QuarkusTest
class HistoryResourceTest {

    private static final String NODE = "history-test";
    private static final long T0 = 1_800_000_000_000L;

    @Inject
    DataSource database;

    /** Two seconds of two cores: temperatures 40..49 then 50..59 on core 0; core 1 has no sensor. */
    @BeforeEach
    void samples() throws SQLException {
        try (var connection = database.getConnection()) {
            try (var clear = connection.prepareStatement("DELETE FROM sample WHERE node = ?")) {
                clear.setString(1, NODE);
                clear.executeUpdate();
            }
            try (var insert = connection.prepareStatement(
                    "INSERT INTO sample (node, taken_at, seq, core_temp_c, core_util_pct) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    insert.setString(1, NODE);
                    insert.setTimestamp(2, new Timestamp(T0 + i * 100L));
                    insert.setLong(3, i + 1);
                    insert.setArray(4, connection.createArrayOf("real", new Float[] { 40f + i, null }));
                    insert.setArray(5, connection.createArrayOf("real", new Float[] { (float) i, 100f - i }));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @Test
    void averageMinimumAndMaximumPerStepAndCore() {
        JsonPath history = given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 + 2000, "step", "1s"))
                .when().get("/api/sensors/history")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(1000, history.getLong("stepMs"));
        List<Map<String, Object>> points = history.getList("points");
        assertEquals(2, points.size());
        assertEquals(T0, history.getLong("points[0].t"));
        assertEquals(10, history.getInt("points[0].samples"));
        assertEquals(44.5f, history.getFloat("points[0].cores[0].temperatureC.avg"));
        assertEquals(40f, history.getFloat("points[0].cores[0].temperatureC.min"));
        assertEquals(49f, history.getFloat("points[0].cores[0].temperatureC.max"));
        assertEquals(54.5f, history.getFloat("points[1].cores[0].temperatureC.avg"));
        assertEquals(4.5f, history.getFloat("points[0].cores[0].utilizationPct.avg"));
        assertNull(history.get("points[0].cores[1].temperatureC"), "no sensor, no made-up temperature");
        assertEquals(95.5f, history.getFloat("points[0].cores[1].utilizationPct.avg"));

        JsonPath whole = given()
                .queryParams(Map.of("node", NODE, "from", "2027-01-15T08:00:00Z", "to", "2027-01-15T08:00:02Z", "step",
                        "PT2S"))
                .when().get("/api/sensors/history").then().statusCode(200).extract().jsonPath();
        assertEquals(1, whole.getList("points").size(), "ISO instants, one step over both seconds");
        assertEquals(49.5f, whole.getFloat("points[0].cores[0].temperatureC.avg"));
    }

    @Test
    void everyBadParameterIsNamed() {
        given().when().get("/api/sensors/history?from=x&to=1&step=often")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", hasItems("node", "from", "step"));
        given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 - 1))
                .when().get("/api/sensors/history").then().statusCode(400).body("errors.field", hasItem("to"));
        given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 + 3_600_000L, "step", "100ms"))
                .when().get("/api/sensors/history").then().statusCode(400)
                .body("errors[0].message", containsString("more than 10000 points"));
    }

    @Test
    void whatOneRequestMayScanIsBounded() {
        // Over an hour, only the roll-ups are read: a day of raw samples at 10 a second is 864,000 rows per node.
        given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 + 86_400_000L, "step", "59s"))
                .when().get("/api/sensors/history").then().statusCode(400)
                .body("errors[0].field", Matchers.equalTo("step"))
                .body("errors[0].message", containsString("whole minutes"));
        given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 + 86_400_000L, "step", "5m"))
                .when().get("/api/sensors/history").then().statusCode(200);
        given().queryParams(Map.of("node", NODE, "from", T0, "to", T0 + 40 * 86_400_000L, "step", "1h"))
                .when().get("/api/sensors/history").then().statusCode(400)
                .body("errors[0].field", Matchers.equalTo("from"));
    }

    /**
     * History is for signed-in people, with a token made for the sensors: a session itself (cookie or bearer) is not
     * one.
     */
    @Test
    void onlyForSignedInPeople() {
        var query = Map.<String, Object>of("node", NODE, "from", T0, "to", T0 + 2000, "step", "1s");
        RestAssured.given().queryParams(query).when().get("/api/sensors/history").then().statusCode(401);
        RestAssured.given().auth().oauth2(SignedIn.token("hud-trainer", "hud-cdn")).queryParams(query)
                .when().get("/api/sensors/history").then().statusCode(401);
        RestAssured.given().auth().oauth2(SignedIn.token("ada", "hud")).queryParams(query)
                .when().get("/api/sensors/history").then().statusCode(401);
        RestAssured.given().cookie("hud_token", SignedIn.token("ada", "hud")).queryParams(query)
                .when().get("/api/sensors/history").then().statusCode(401);
        RestAssured.given().auth().oauth2(SignedIn.token("ada", "hud-sensors")).queryParams(query)
                .when().get("/api/sensors/history").then().statusCode(200);
    }
}
