package dev.hud.gateway.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/** Who may do what with jobs: no token, an expired or foreign token, someone else's job, the web app's cookie. */
@QuarkusTest
class JobAccessTest {

    @Test
    void withoutAValidTokenNothingIsShown() {
        given().when().get("/api/training-jobs").then().statusCode(401);
        given().contentType("application/json").body(Api.SMALL_GRID.formatted("x")).when().post("/api/training-jobs")
                .then().statusCode(401);
        String expired = Jwt.issuer("hud").upn("admin").groups(Set.of("admin"))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        given().auth().oauth2(expired).when().get("/api/training-jobs").then().statusCode(401);
        String foreign = Jwt.issuer("someone-else").upn("admin").groups(Set.of("admin")).sign();
        given().auth().oauth2(foreign).when().get("/api/training-jobs").then().statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/api/monitor/queues").then().statusCode(401);
    }

    @Test
    void peopleSeeTheirOwnJobsAndAdminsSeeAll() {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String id = Api.submitted(alice, Api.SMALL_GRID.formatted("alice's"));

        Api.job(bob, id).statusCode(404).contentType(containsString("application/problem+json"));
        given().auth().oauth2(bob).when().post("/api/training-jobs/" + id + "/cancel").then().statusCode(404);
        given().auth().oauth2(bob).when().get("/api/training-jobs/" + id + "/curves").then().statusCode(404);
        given().auth().oauth2(bob).when().get("/api/training-jobs?owner=admin").then().statusCode(403);
        given().auth().oauth2(bob).when().get("/api/training-jobs").then().body("total", equalTo(0));

        String owner = Api.job(alice, id).statusCode(200).extract().path("owner");
        Api.job(Api.admin(), id).statusCode(200);
        given().auth().oauth2(Api.admin()).when().get("/api/training-jobs?owner=" + owner).then().body("items[0].id",
                equalTo(id));
        // Users are managed by admins only.
        given().auth().oauth2(alice).when().get("/api/users").then().statusCode(403);
    }

    @Test
    void theWebAppsCookieCarriesTheToken() {
        var login = given().contentType("application/json")
                .body("{\"username\": \"admin\", \"password\": \"admin-test-password\"}")
                .when().post("/api/auth/token").then().statusCode(200)
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"))
                .extract();
        given().cookie("hud_token", login.cookie("hud_token")).when().get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("admin"));
        given().when().post("/api/auth/logout").then().statusCode(204).header("Set-Cookie",
                containsString("Max-Age=0"));
    }
}
