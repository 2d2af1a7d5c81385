package dev.hud.gateway.auth;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a JWT's claims as a receiving service would see them (without checking the signature: the service does). */
public final class TokenClaims {

    private TokenClaims() {
    }

    /** The payload of a token ({@code Bearer } prefix or not). */
    public static JsonNode of(String token) {
        String jwt = token.startsWith("Bearer ") ? token.substring("Bearer ".length()) : token;
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JWT: " + token, e);
        }
    }

    /** The audience: one name, or the list as text when there are several. */
    public static String audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isArray() ? (aud.size() == 1 ? aud.path(0).asText() : aud.toString()) : aud.asText();
    }

    public static List<String> groups(JsonNode claims) {
        var groups = new ArrayList<String>();
        claims.path("groups").forEach(group -> groups.add(group.asText()));
        groups.sort(null);
        return groups;
    }

    /** Seconds from now until the token expires. */
    public static long secondsLeft(JsonNode claims) {
        return claims.path("exp").asLong() - System.currentTimeMillis() / 1000;
    }
}
