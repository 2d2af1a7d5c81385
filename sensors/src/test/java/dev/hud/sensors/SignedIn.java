package dev.hud.sensors;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Requests as a signed-in person makes them: a token the gateway made for the sensors (here signed with the test key).
 */
public final class SignedIn {

    private SignedIn() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(token("ada", "hud-sensors"));
    }

    public static String token(String name, String audience) {
        return Jwt.issuer("hud").upn(name).groups("user").audience(audience).expiresIn(300).sign();
    }
}
