package dev.hud.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * {@link VerifiedTokens} remembers a verified token, and only until it expires: after that it is verified again (and
 * refused). Plain JWTs signed with the test key pair, verified as the gateway verifies them (no clock skew here).
 */
class VerifiedTokensTest {

    private final VerifiedTokens tokens = new VerifiedTokens();

    private static JWTAuthContextInfo context() throws Exception {
        var context = new JWTAuthContextInfo(KeyUtils.readPublicKey("jwt/public.pem"), "hud");
        context.setClockSkew(0);
        return context;
    }

    private static String token(String name, Instant expires) throws Exception {
        PrivateKey key = KeyUtils.readPrivateKey("jwt/private.pem");
        return Jwt.issuer("hud").upn(name).groups("user").audience("hud").expiresAt(expires).sign(key);
    }

    @Test
    void aTokenIsVerifiedOnceAndThenRemembered() throws Exception {
        var context = context();
        String token = token("ann", Instant.now().plusSeconds(600));
        var first = tokens.parse(token, context);
        assertEquals("ann", first.getName());
        assertSame(first, tokens.parse(token, context), "the remembered verification");
        assertNotSame(first, tokens.parse(token("ann", Instant.now().plusSeconds(601)), context),
                "another token is verified on its own");
    }

    @Test
    void aTokenThatDiffersInItsSignatureIsNeverTakenForARememberedOne() throws Exception {
        var context = context();
        String token = token("ben", Instant.now().plusSeconds(600));
        tokens.parse(token, context);
        String forged = token.substring(0, token.length() - 6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndRefused() throws Exception {
        var context = context();
        String token = token("cy", Instant.now().plusSeconds(2));
        tokens.parse(token, context);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                tokens.parse(token, context);
                return false;
            } catch (ParseException expired) {
                return true;
            }
        });
    }

    @Test
    void aTokenOfAnotherKeyIsRefused() throws Exception {
        var context = context();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String other = Jwt.issuer("hud").upn("dee").groups("admin").audience("hud")
                .expiresAt(Instant.now().plusSeconds(600)).sign(generator.generateKeyPair().getPrivate());
        assertThrows(ParseException.class, () -> tokens.parse(other, context));
    }
}
