package dev.hud.gateway.auth;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

/** Signs HUD's tokens (issuer, name, groups, expiry) with the gateway's key, for people and services alike. */
@ApplicationScoped
public class TokenIssuer {

    private final AuthConfig config;

    TokenIssuer(AuthConfig config) {
        this.config = config;
    }

    /** The claim that names the version of the user's credentials a token was issued under (see {@code AccountStates}). */
    public static final String VERSION_CLAIM = "ver";

    /** A service's token, or a short-lived one the gateway makes to act for someone towards the cdn. */
    public String sign(String name, Set<String> groups, Instant expires) {
        return Jwt.issuer(config.issuer()).upn(name).groups(groups).expiresAt(expires).sign();
    }

    /** How long a media access link lasts: long enough to follow a redirect, short enough not to be worth sharing. */
    public static final java.time.Duration MEDIA_ACCESS_LIFETIME = java.time.Duration.ofMinutes(5);

    /**
     * An access link's token for one private file on the cdn ({@code /media/<id>?access=}), given to someone who may read
     * it: group and claim {@code media} (the cdn's {@code MediaRoutes} checks both).
     */
    public String signMediaAccess(String mediaId) {
        return Jwt.issuer(config.issuer()).upn("media").groups(Set.of("media")).claim("media", mediaId)
                .expiresAt(Instant.now().plus(MEDIA_ACCESS_LIFETIME)).sign();
    }

    /** A user's session token: it ends when their credentials' version moves on. */
    public String signForUser(String name, String role, int version, Instant expires) {
        return Jwt.issuer(config.issuer()).upn(name).groups(Set.of(role)).claim(VERSION_CLAIM, version).expiresAt(expires).sign();
    }
}
