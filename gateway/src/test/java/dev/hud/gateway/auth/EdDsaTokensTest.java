package dev.hud.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The gateway with the key pair the Helm chart makes (Ed25519 PKCS#8 private key, the public key in a
 * self-signed certificate) and the algorithm the chart sets: tokens are signed and verified.
 */
@QuarkusTest
@TestProfile(EdDsaTokensTest.ChartKeys.class)
class EdDsaTokensTest {

    public static class ChartKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.sign.key.location", "jwt/ed25519-private.pem",
                    "mp.jwt.verify.publickey.location", "jwt/ed25519-certificate.pem",
                    "smallrye.jwt.new-token.signature-algorithm", "EDDSA",
                    "mp.jwt.verify.publickey.algorithm", "EDDSA");
        }
    }

    @Test
    void tokensSignedWithTheChartsKeysAreAccepted() {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin-test-password"))
                .when().post("/api/auth/token").then().statusCode(200).extract().path("token");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200).body("username",
                equalTo("admin"));
        given().auth().oauth2(token.substring(0, token.length() - 4) + "AAAA").when().get("/api/auth/me").then()
                .statusCode(401);
    }
}
