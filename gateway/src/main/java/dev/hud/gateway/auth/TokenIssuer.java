package dev.hud.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;

/**
 * Signs HUD's tokens (issuer, name, groups, expiry, audience) with the gateway's key, for people and services alike.
 * The audience says which service honours a token: a person's session is the gateway's alone ({@link #SESSION}), where
 * it is checked against the account on every request (so it ends with a change of password, role or status); towards
 * another service the gateway mints a token for that one only, for minutes, after that check. So a session that ended
 * opens nothing elsewhere for longer than those minutes, and a trainer's upload token is no key to the gateway's API.
 */
@ApplicationScoped
public class TokenIssuer {

    /** A person's session: the gateway's API and web app only. */
    public static final String SESSION = "hud";
    /** Tokens only the cdn honours: media access links, uploads by the trainers and by the gateway. */
    public static final String CDN = "hud-cdn";
    /** Tokens only the trainers honour: the gateway asking for predictions. */
    public static final String TRAINER = "hud-trainer";
    /** Tokens only the sensors honour: a signed-in person reading the history. */
    public static final String SENSORS = "hud-sensors";

    /** How long a token made from a session for another service lasts: what is left of a session after it ends. */
    public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(1);

    private final AuthConfig config;

    TokenIssuer(AuthConfig config) {
        this.config = config;
    }

    /**
     * The claim that names the version of the user's credentials a token was issued under (see {@code AccountStates}).
     */
    public static final String VERSION_CLAIM = "ver";

    /**
     * The claim that names the account a session was opened for, by id: a name is given again after its account is
     * deleted, and the new account's credentials start at the same version as the old one's did.
     */
    public static final String ACCOUNT_CLAIM = "uid";

    /**
     * A service's token, or a short-lived one the gateway makes to act for someone towards one service ({@code
     * audience}).
     */
    public String sign(String name, Set<String> groups, Instant expires, String audience) {
        return Jwt.issuer(config.issuer()).upn(name).groups(groups).audience(audience).expiresAt(expires).sign();
    }

    /** How long a media access link lasts: long enough to follow a redirect, short enough not to be worth sharing. */
    public static final Duration MEDIA_ACCESS_LIFETIME = Duration.ofMinutes(5);

    /**
     * An access link's token for one private file on the cdn ({@code /media/<id>?access=}), given to someone who may
     * read it: group and claim {@code media} (the cdn's {@code MediaRoutes} checks both).
     */
    public String signMediaAccess(String mediaId) {
        return Jwt.issuer(config.issuer()).upn("media").groups(Set.of("media")).claim("media", mediaId).audience(CDN)
                .expiresAt(Instant.now().plus(MEDIA_ACCESS_LIFETIME)).sign();
    }

    /** The gateway's own token towards the trainers' API, short-lived: minted per call, it is never stored. */
    public String forTrainers() {
        return sign("hud-gateway", Set.of("service"), Instant.now().plus(ACCESS_LIFETIME), TRAINER);
    }

    /** A signed-in person's token towards the sensors' history, made from their (checked) session. */
    public String forSensors(String name, Set<String> groups, Instant expires) {
        return sign(name, groups, expires, SENSORS);
    }

    /** A user's session token: it ends when their credentials' version moves on. */
    public String signForUser(long account, String name, String role, int version, Instant expires) {
        return Jwt.issuer(config.issuer()).upn(name).groups(Set.of(role)).claim(ACCOUNT_CLAIM, account)
                .claim(VERSION_CLAIM, version)
                .audience(SESSION)
                .expiresAt(expires).sign();
    }
}
