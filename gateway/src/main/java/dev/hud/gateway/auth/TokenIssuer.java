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

    public String sign(String name, Set<String> groups, Instant expires) {
        return Jwt.issuer(config.issuer()).upn(name).groups(groups).expiresAt(expires).sign();
    }
}
