package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import dev.hud.gateway.users.User;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Calls the gateway's API the way a client does: log in, then send the bearer token. Shared by the tests of every
 * package.
 */
public final class Api {

    public static final String SMALL_GRID = """
            {"name": "%s", "grid": {"learningRate": [0.02, 0.03], "momentum": [0.4, 0.45]}, "folds": 3, "epochs": 20,
             "earlyStopping": {"patience": 3}}""";

    private Api() {
    }

    /** A JSON number (read as float or double) within 1e-6 of the value. */
    public static Matcher<Object> near(double value) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number number && Math.abs(number.doubleValue() - value) < 1e-6;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a number near " + value);
            }
        };
    }

    public static String token(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
    }

    public static String admin() {
        return token("admin", "admin-test-password");
    }

    /** A new user with role {@code user}; returns their token. */
    public static String newUser() {
        String name = unique("u");
        created(name, User.USER);
        return token(name, PASSWORD);
    }

    /** The password of the users these helpers create. */
    public static final String PASSWORD = "a-long-password";

    /** A name no other test uses: {@code prefix-} and eight random characters. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user (as the first admin) with {@link #PASSWORD} and this role; returns their id. */
    public static long created(String username, String role) {
        return ((Number) given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "role", role))
                .when().post("/api/users").then().statusCode(201).extract().path("id")).longValue();
    }

    /** The status {@code GET /api/auth/me} answers this token: 200 while its session lasts, 401 after. */
    public static int me(String token) {
        return given().auth().oauth2(token).when().get("/api/auth/me").then().extract().statusCode();
    }

    /** The user name a token is for. */
    public static String username(String token) {
        return given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200).extract()
                .path("username");
    }

    public static ValidatableResponse submit(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/training-jobs")
                .then();
    }

    /** Submits a job that must be accepted; returns its id. */
    public static String submitted(String token, String body) {
        return submit(token, body).statusCode(202).extract().path("id");
    }

    public static ValidatableResponse job(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/training-jobs/" + id).then();
    }

    /** The job's curves, every trial, as JSON to query. */
    public static JsonPath curves(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/training-jobs/" + id + "/curves").then().statusCode(200)
                .extract().jsonPath();
    }

    public static String status(String token, String id) {
        return job(token, id).statusCode(200).extract().path("status");
    }
}
