package dev.hud.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/**
 * The memory of verified tokens: a token is verified once and then served from memory, but never past its expiry and
 * never for a token that differs from the one verified (the key is the whole token, signature included).
 */
class VerifiedTokensTest {

    private static KeyPair keys;
    private static JWTAuthContextInfo context;

    @BeforeAll
    static void keys() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        context = new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), "hud");
        context.setClockSkew(0); // expiry to the second: the default grace would let an expired token pass
    }

    private static String token(String subject, Instant expiresAt) {
        return Jwt.issuer("hud").upn(subject).issuedAt(Instant.now().minusSeconds(1)).expiresAt(expiresAt)
                .sign(keys.getPrivate());
    }

    @Test
    void aTokenIsVerifiedOnceThenServedFromMemory() throws Exception {
        var tokens = new VerifiedTokens();
        String token = token("ada", Instant.now().plusSeconds(300));

        var first = tokens.parse(token, context);
        var second = tokens.parse(token, context);

        assertEquals("ada", first.getName());
        assertSame(first, second, "the second use of a token is not verified again");
        assertNotSame(first, new VerifiedTokens().parse(token, context), "another memory verifies it itself");
    }

    @Test
    void aTokenWithAnotherSignatureIsVerifiedAndRefused() throws Exception {
        var tokens = new VerifiedTokens();
        String token = token("ada", Instant.now().plusSeconds(300));
        tokens.parse(token, context);

        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(342);
        assertThrows(ParseException.class, () -> tokens.parse(forged, context));
    }

    @Test
    void anExpiredTokenIsNotServedFromMemory() throws Exception {
        var tokens = new VerifiedTokens();
        Instant expiresAt = Instant.now().plusSeconds(2);
        String token = token("ada", expiresAt);
        tokens.parse(token, context);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));

        assertThrows(ParseException.class, () -> tokens.parse(token, context),
                "once expired, the token is verified again, and refused");
    }
}
