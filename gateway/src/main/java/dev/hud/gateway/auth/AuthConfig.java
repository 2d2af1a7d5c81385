package dev.hud.gateway.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.auth")
public interface AuthConfig {

    /** How long a token is valid. */
    @WithDefault("8h")
    Duration tokenLifetime();

    /**
     * The web app's session cookie ({@code mp.jwt.token.cookie} follows it). Served over TLS, name it
     * {@code __Host-hud_token}: browsers then keep it only if it is Secure, for the whole site and this host alone (no
     * sibling subdomain can set or shadow it); it is then always sent Secure, so it needs TLS (the chart names it so
     * when its Ingress serves TLS).
     */
    @WithDefault("hud_token")
    String sessionCookie();

    /** The tokens' issuer, checked by every service. */
    @WithDefault("hud")
    String issuer();

    /** Failed logins allowed per user name and client address within {@link #failureWindow()}. */
    @WithDefault("5")
    int maxFailures();

    /**
     * Failed logins allowed per client address, whatever the names, within the window (one password tried over many
     * names).
     */
    @WithDefault("30")
    int maxFailuresPerAddress();

    /**
     * Failed logins allowed per user name, whatever the addresses, within the window (many clients guessing one
     * account); above what one client may fail, so that one client alone cannot lock the real user out.
     */
    @WithDefault("50")
    int maxFailuresPerName();

    /** The most names and addresses the login throttle remembers at once (its memory bound; the oldest go first). */
    @WithDefault("100000")
    long throttleEntries();

    @WithDefault("1m")
    Duration failureWindow();

    Admin admin();

    /** Shared with HUD's own services, which exchange it for a service token (unset: no service tokens). */
    Optional<String> serviceSecret();

    /** The first admin, created at start when there is none (from a Secret in Kubernetes). */
    interface Admin {
        @WithDefault("admin")
        String username();

        /** No default outside dev and test: without it no admin is created. */
        Optional<String> password();

        /**
         * Make the configured password the admin's at every start, not only the first one (what
         * {@code ./hud up} wants: its password file is the truth for a local database that outlives it).
         */
        @WithDefault("false")
        boolean resetPassword();
    }
}
