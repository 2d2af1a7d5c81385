package dev.hud.gateway.datasets;

import static dev.hud.gateway.jobs.Api.admin;
import static dev.hud.gateway.jobs.Api.created;
import static dev.hud.gateway.jobs.Api.newUser;
import static dev.hud.gateway.jobs.Api.token;
import static dev.hud.gateway.jobs.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hud.gateway.jobs.Api;
import dev.hud.gateway.media.FakeCdn;
import dev.hud.gateway.users.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Who sees, changes and trains on which data set: owners, others, admins; the built-in one is no one's to change. */
@QuarkusTest
@WithTestResource(FakeCdn.class)
class DatasetAccessTest {

    private static String upload(String token, String name, long seed) {
        return given().auth().oauth2(token).contentType("text/csv")
                .body(DatasetsTest.gaussians(30, seed).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/datasets?label=class&missing=drop&name=" + name).then().statusCode(201).extract()
                .path("id");
    }

    @Test
    void theListIsTheBuiltInOneThenOnesOwnThenSharedOnes() {
        String me = newUser();
        String other = newUser();
        // Mine first: newest first alone would list the shared one before it.
        String mine = upload(me, "mine", 12);
        String shared = upload(other, "theirs", 11);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("shared", true))
                .when().put("/api/datasets/" + shared + "/sharing").then().statusCode(200);
        String privateOne = upload(other, "private", 13);

        List<String> ids = given().auth().oauth2(me).when().get("/api/datasets").then().statusCode(200).extract()
                .path("id");
        assertEquals("wdbc", ids.get(0));
        assertEquals(mine, ids.get(1), "one's own before others' shared ones");
        assertTrue(ids.indexOf(shared) > 1, ids.toString());
        assertTrue(!ids.contains(privateOne), "another's private data set is not listed");
        given().auth().oauth2(me).when().get("/api/datasets/" + privateOne + "/profile").then().statusCode(404);
        given().auth().oauth2(me).when().get("/api/datasets/" + shared + "/profile").then().statusCode(200)
                .body("rows", equalTo(29)); // one row lacked a value and was dropped
    }

    @Test
    void anAdminSeesAndDeletesAnyonesDataSet() {
        String owner = newUser();
        String id = upload(owner, "someones", 14);
        String admin = admin();
        given().auth().oauth2(admin).when().get("/api/datasets").then().body("id", hasItem(id));
        given().auth().oauth2(admin).when().get("/api/datasets/" + id).then().statusCode(200)
                .body("owner", equalTo(given().auth().oauth2(owner).when().get("/api/auth/me").then().extract()
                        .path("username")));
        given().auth().oauth2(admin).when().delete("/api/datasets/" + id).then().statusCode(204);
        given().auth().oauth2(owner).when().get("/api/datasets/" + id).then().statusCode(404);
    }

    @Test
    void theBuiltInDataSetIsEveryonesAndNoOnesToChange() {
        String admin = admin();
        given().auth().oauth2(newUser()).when().get("/api/datasets/wdbc").then().statusCode(200)
                .body("builtIn", equalTo(true)).body("rows", equalTo(569)).body("positiveClass", equalTo("M"))
                .body("features.size()", equalTo(30));
        given().auth().oauth2(admin).when().delete("/api/datasets/wdbc").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("shared", false))
                .when().put("/api/datasets/wdbc/sharing").then().statusCode(403);
    }

    @Test
    void sharingTakesTrueOrFalseAndNothingElse() {
        String token = newUser();
        String id = upload(token, "strict", 15);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().put("/api/datasets/" + id + "/sharing").then().statusCode(400)
                .body("errors[0].field", equalTo("shared"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"shared\": true, \"public\": true}")
                .when().put("/api/datasets/" + id + "/sharing").then().statusCode(400);
        given().auth().oauth2(token).when().get("/api/datasets/" + id).then().body("shared", equalTo(false));
    }

    @Test
    void aDisabledOwnersSharedDataSetStaysUsableByOthers() {
        String name = unique("owner");
        long ownerId = created(name, User.USER);
        String id = upload(token(name, Api.PASSWORD), "kept", 16);
        given().auth().oauth2(token(name, Api.PASSWORD)).contentType(ContentType.JSON).body(Map.of("shared", true))
                .when().put("/api/datasets/" + id + "/sharing").then().statusCode(200);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("disabled", true))
                .when().patch("/api/users/" + ownerId).then().statusCode(200);
        given().auth().oauth2(newUser()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"" + id + "\",\"grid\":{\"learningRate\":[0.01],\"momentum\":[0.9]},\"epochs\":1}")
                .when().post("/api/training-jobs").then().statusCode(202);
    }

    @Test
    void aJobNamingNoSuchDataSetIsRefusedNamingTheField() {
        given().auth().oauth2(newUser()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"../etc/passwd\",\"grid\":{\"learningRate\":[0.01],\"momentum\":[0.9]}}")
                .when().post("/api/training-jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("dataset"))
                .body("errors[0].message", containsString("no data set '../etc/passwd' you may use"));
    }
}
