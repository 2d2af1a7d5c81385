package dev.hud.gateway.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

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
    private final Map<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.get(token);
        long now = System.currentTimeMillis() / 1000;
        if (known != null && known.getExpirationTime() > now) {
            return known;
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        if (verified.size() >= MAX_TOKENS) {
            verified.entrySet().removeIf(entry -> entry.getValue().getExpirationTime() <= now);
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, principal);
        return principal;
    }
}
