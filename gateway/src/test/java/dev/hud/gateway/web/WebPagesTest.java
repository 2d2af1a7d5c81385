package dev.hud.gateway.web;

import static dev.hud.gateway.jobs.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The web app's pages: server-rendered shells, the same for everyone (the data comes from the API, which checks the
 * session; the app's script sends a visitor without one to {@code /login?next=}). Each is HTML with its title, the
 * app's script and styles from {@code /assets}, and the browser protections.
 */
@QuarkusTest
class WebPagesTest {

    /** Path → the title the page shows. */
    private static final Map<String, String> PAGES = Map.of("/", "Overview", "/login", "Log in", "/training",
            "Training", "/training/compare", "Finished jobs compared", "/training/job-42", "Job", "/models", "Models",
            "/models/m-42", "Model", "/monitor", "Monitor", "/account", "Account", "/users", "Users");

    @Test
    void everyPageIsAnHtmlShellWithItsTitleScriptAndProtections() {
        PAGES.forEach((path, title) -> given().when().get(path).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>HUD · " + title + "</title>"))
                .body(containsString("<script type=\"module\" src=\"/assets/app.js\"></script>"))
                .body(containsString("href=\"/assets/hud.css\""))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff")));
        given().when().get("/sensors").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>HUD · Sensors</title>"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }

    @Test
    void aPageTellsTheScriptWhichPageItIs() {
        given().when().get("/monitor").then().body(containsString("data-page=\"monitor\""));
        given().when().get("/users").then().body(containsString("data-page=\"users\""));
        given().when().get("/training/abc-123").then().body(containsString("data-id=\"abc-123\""));
        given().when().get("/models/m-123").then().body(containsString("data-page=\"model\""))
                .body(containsString("data-id=\"m-123\""));
    }

    /** The data pages (issue 18): the data sets with the upload form, and one data set's profile. */
    @Test
    void theDataPagesAreShellsWithTheirFormsAndProtections() {
        given().when().get("/datasets").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>HUD · Data sets</title>"))
                .body(containsString("data-page=\"datasets\""))
                .body(containsString("<form id=\"upload\""))
                .body(containsString("accept=\".csv,text/csv\""))
                .body(containsString("<a href=\"/datasets\">Data</a>"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("X-Frame-Options", equalTo("DENY"));
        given().when().get("/datasets/wdbc").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>HUD · Data set</title>"))
                .body(containsString("data-page=\"dataset\""))
                .body(containsString("data-id=\"wdbc\""))
                .body(containsString("id=\"relevance-chart\""))
                .body(containsString("<form id=\"selection\" action=\"/training\""))
                .header("Content-Security-Policy", containsString("script-src 'self';"));
        given().urlEncodingEnabled(true).when().get("/datasets/{id}", "\"><script>alert(1)</script>").then()
                .statusCode(200)
                .body(not(containsString("<script>alert(1)</script>")));
        given().when().get("/datasets/a/b").then().statusCode(404);
    }

    /** The whole training form: every setting of a job has its input, named as the API names it. */
    @Test
    void theTrainingFormHasEverySettingOfAJob() {
        var page = given().when().get("/training").then().statusCode(200);
        for (String name : new String[] { "name", "dataset", "device", "topK", "drop", "hidden", "dropout",
                "learningRate", "momentum", "batchSize", "epochs", "optimizer", "folds", "repeats", "holdoutFraction",
                "seed", "patience" }) {
            page.body(containsString("name=\"" + name + "\""));
        }
        page.body(containsString("id=\"job-count\""));
    }

    /** The job's id comes from the address: a crafted one is shown as text, never run as markup. */
    @Test
    void aJobIdInTheAddressIsEscaped() {
        given().urlEncodingEnabled(true).when().get("/training/{id}", "\"><script>alert(1)</script>").then()
                .statusCode(200)
                .body(not(containsString("<script>alert(1)</script>")))
                .body(containsString("data-id=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        given().urlEncodingEnabled(true).when().get("/models/{id}", "\"><script>alert(1)</script>").then()
                .statusCode(200).body(not(containsString("<script>alert(1)</script>")));
    }

    @Test
    void theUsersLinkIsHiddenUntilTheScriptKnowsTheCallerIsAnAdmin() {
        given().when().get("/").then().body(containsString("<a href=\"/users\" hidden>Users</a>"));
    }

    /** The shells hold nothing private: what a page shows comes from an API that refuses the wrong caller. */
    @Test
    void theDataBehindEachPageIsRefusedWithoutTheRightSession() {
        String user = newUser();
        for (String api : new String[] { "/api/training-jobs", "/api/models", "/api/monitor/workers", "/api/account",
                "/api/users" }) {
            given().when().get(api).then().statusCode(401);
        }
        given().auth().oauth2(user).when().get("/api/users").then().statusCode(403);
        given().auth().oauth2(user).when().get("/api/account").then().statusCode(200);
        // The page itself answers a signed-in person with their cookie just the same.
        given().cookie("hud_token", user).when().get("/users").then().statusCode(200)
                .body(containsString("<title>HUD · Users</title>"));
    }

    @Test
    void anUnknownPageIsA404() {
        given().when().get("/no-such-page").then().statusCode(404);
        given().when().get("/training/a/b").then().statusCode(404);
    }
}
