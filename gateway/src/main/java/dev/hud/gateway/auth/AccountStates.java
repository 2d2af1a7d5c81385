package dev.hud.gateway.auth;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.hud.gateway.users.User;
import dev.hud.gateway.users.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * A user's token is honoured only while it matches their account: the user exists, is not disabled, has the role the
 * token names, and the token names the current version of their credentials ({@code ver}, moved on by a change of
 * password, role or status, and by logout) of this very account ({@code uid}: a deleted user's name may be given to a
 * new account, whose versions start where the old one's did). Checked on every authenticated request, after the
 * signature. Accounts are
 * read from PostgreSQL and kept for {@link #FRESH} (a change on this replica is seen at once, on others within that).
 * Service tokens have no account and pass.
 */
@ApplicationScoped
public class AccountStates implements SecurityIdentityAugmentor {

    /** How long a replica trusts what it read of an account. */
    static final Duration FRESH = Duration.ofSeconds(2);

    record State(long id, int version, boolean disabled, String role) {
    }

    private final Cache<String, Optional<State>> states = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(FRESH).build();

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getGroups().contains("service")) {
            return Uni.createFrom().item(identity);
        }
        Optional<State> known = states.getIfPresent(token.getName());
        if (known != null) {
            return honoured(token, known) ? Uni.createFrom().item(identity) : ended();
        }
        return context.runBlocking(() -> {
            if (!honoured(token, states.get(token.getName(), AccountStates::load))) {
                throw new AuthenticationFailedException("the session has ended");
            }
            return identity;
        });
    }

    /** A change on this replica, once committed, is seen at once here. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserService.AccountChanged change) {
        states.invalidate(change.username());
    }

    private static boolean honoured(JsonWebToken token, Optional<State> state) {
        return state.isPresent() && !state.get().disabled() && state.get().version() == version(token)
                && token.getGroups().contains(state.get().role()) && sameAccount(token, state.get().id());
    }

    /** Whether the token was made for this account; tokens from before accounts were named name none, and pass. */
    private static boolean sameAccount(JsonWebToken token, long id) {
        Object claim = token.getClaim(TokenIssuer.ACCOUNT_CLAIM);
        if (claim instanceof JsonNumber number) {
            return number.longValue() == id;
        }
        return !(claim instanceof Number number) || number.longValue() == id;
    }

    /** The version a token names; tokens from before versions name none, which is version 0. */
    private static int version(JsonWebToken token) {
        Object claim = token.getClaim(TokenIssuer.VERSION_CLAIM);
        if (claim instanceof JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : 0;
    }

    private static Optional<State> load(String username) {
        return QuarkusTransaction.requiringNew().call(() -> User.findByUsername(username)
                .map(user -> new State(user.id, user.tokenVersion, user.disabled, user.role)));
    }

    private static Uni<SecurityIdentity> ended() {
        return Uni.createFrom().failure(new AuthenticationFailedException("the session has ended"));
    }
}
