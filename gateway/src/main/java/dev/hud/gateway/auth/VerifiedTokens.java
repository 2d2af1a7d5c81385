package dev.hud.gateway.auth;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a token's RS256 signature once and remembers the result until the token expires. A
 * browser or client sends the same token with every request; checking its signature each time was
 * the largest cost of a cached read. The key is the whole token, signature included, so only a token
 * that was verified is ever taken from here; an expired one is verified again (and refused).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    private static final int MAX_TOKENS = 10_000;

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    /** Each entry leaves when its token expires; the least used go first past {@link #MAX_TOKENS}. */
    private final Cache<String, JWTCallerPrincipal> verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS)
            .expireAfter(Expiry.creating((String token, JWTCallerPrincipal principal) -> Duration
                    .ofSeconds(Math.max(0, principal.getExpirationTime() - System.currentTimeMillis() / 1000))))
            .build();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        verified.put(token, principal);
        return principal;
    }
}
