package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The job list: newest first, filtered by status and (for admins) owner, paged within bounds; a bad parameter is a 400
 * problem naming it. Each test lists the jobs of users of its own, so the totals are exact.
 */
@QuarkusTest
class JobListTest {

    private static final String ONE_CELL = """
            {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @Test
    void jobsAreListedNewestFirstAndFilteredByStatus() {
        String token = Api.newUser();
        String first = Api.submitted(token, ONE_CELL);
        String second = Api.submitted(token, ONE_CELL);
        String third = Api.submitted(token, ONE_CELL);
        given().auth().oauth2(token).when().post("/api/training-jobs/" + second + "/cancel").then().statusCode(200);

        list(token, "").statusCode(200).body("total", equalTo(3)).body("items.id", equalTo(List.of(third, second,
                first)));
        list(token, "?status=cancelled").body("total", equalTo(1)).body("items.id", equalTo(List.of(second)))
                .body("items[0].status", equalTo("cancelled"));
        list(token, "?status=queued").body("total", equalTo(2)).body("items.id", equalTo(List.of(third, first)))
                .body("items.status", everyItem(equalTo("queued")));
        list(token, "?status=running").body("total", equalTo(0)).body("items", empty());
    }

    @Test
    void pagesSplitTheListWithoutGapsOrRepeats() {
        String token = Api.newUser();
        String a = Api.submitted(token, ONE_CELL);
        String b = Api.submitted(token, ONE_CELL);
        String c = Api.submitted(token, ONE_CELL);
        String d = Api.submitted(token, ONE_CELL);
        String e = Api.submitted(token, ONE_CELL);

        list(token, "?size=2&page=0").body("items.id", equalTo(List.of(e, d))).body("page", equalTo(0))
                .body("size", equalTo(2)).body("total", equalTo(5));
        list(token, "?size=2&page=1").body("items.id", equalTo(List.of(c, b)));
        list(token, "?size=2&page=2").body("items.id", equalTo(List.of(a)));
        // Past the end: no items, the total still says how many there are.
        list(token, "?size=2&page=3").statusCode(200).body("items", empty()).body("total", equalTo(5));
        // Without a size, the configured default; the largest allowed size is accepted.
        list(token, "").body("size", equalTo(20)).body("items", hasSize(5));
        list(token, "?size=200").statusCode(200).body("size", equalTo(200)).body("items", hasSize(5));
    }

    @Test
    void adminsFilterByOwnerAndStatusTogether() {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String hers = Api.submitted(alice, ONE_CELL);
        String hersCancelled = Api.submitted(alice, ONE_CELL);
        String his = Api.submitted(bob, ONE_CELL);
        given().auth().oauth2(alice).when().post("/api/training-jobs/" + hersCancelled + "/cancel").then()
                .statusCode(200);
        String admin = Api.admin();
        String aliceName = Api.username(alice);

        list(admin, "?owner=" + aliceName).body("total", equalTo(2))
                .body("items.id", equalTo(List.of(hersCancelled, hers)))
                .body("items.owner", everyItem(equalTo(aliceName)));
        list(admin, "?owner=" + aliceName + "&status=queued").body("total", equalTo(1))
                .body("items.id", equalTo(List.of(hers)));
        list(admin, "?owner=" + Api.username(bob)).body("items.id", equalTo(List.of(his)));
        list(admin, "?owner=nobody-of-that-name").statusCode(200).body("total", equalTo(0));
        // Everyone's jobs without the filter.
        list(admin, "?size=200").body("items.id", hasItem(his)).body("items.id", hasItem(hers));

        // People may name themselves as the owner; their list never holds anyone else's jobs.
        list(alice, "?owner=" + aliceName).statusCode(200).body("total", equalTo(2));
        list(alice, "?size=200").body("items.owner", everyItem(equalTo(aliceName)));
        list(alice, "?owner=" + Api.username(bob)).statusCode(403)
                .contentType(containsString("application/problem+json"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "?status=finished  | status",
            "?status=QUEUED    | status",
            "?size=0           | size",
            "?size=201         | size",
            "?size=-5          | size",
            "?page=-1          | page",
            "?page=abc         | page",
            "?size=ten         | size",
            "?size=1.5         | size",
    })
    void aBadParameterIsA400NamingIt(String query, String field) {
        list(Api.newUser(), query).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", equalTo(List.of(field)));
    }

    @Test
    void aBadStatusNamesTheStatusesThereAre() {
        list(Api.newUser(), "?status=done").statusCode(400)
                .body("errors[0].message", containsString("queued"))
                .body("errors[0].message", containsString("refitting"))
                .body("errors[0].message", containsString("cancelled"));
    }

    private static ValidatableResponse list(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/training-jobs" + query).then();
    }
}
