package dev.hud.gateway.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed sign-ins (logins and service-token requests) in a sliding window, counted three ways, each with its own limit:
 * per name and client address (one client guessing one account), per address (one client trying one password over many
 * names) and per name (many clients guessing one account; a limit high enough that one client cannot lock the real user
 * out). Every attempt counts as a failure <em>before</em> its password is checked, so parallel guesses cannot slip
 * through while bcrypt runs; a success takes its count back. The client address is the connecting one, or the one a
 * trusted proxy forwarded ({@code quarkus.http.proxy.*}). Names are checked by the caller before they get here, and the
 * state is a bounded cache ({@code hud.auth.throttle-entries}, entries expire after the window): no request grows it
 * for good. Per gateway replica.
 */
@ApplicationScoped
class LoginThrottle {

    /** Who is trying: a name already checked to be a possible user (or service) name, and the client's address. */
    record Attempt(String name, String address) {
    }

    private final int perNameAndAddress;
    private final int perAddress;
    private final int perName;
    private final long windowMillis;
    private final Cache<String, Deque<Long>> failures;

    @Inject
    LoginThrottle(AuthConfig config) {
        this(config.maxFailures(), config.maxFailuresPerAddress(), config.maxFailuresPerName(), config.failureWindow(),
                config.throttleEntries());
    }

    LoginThrottle(int perNameAndAddress, int perAddress, int perName, Duration window, long entries) {
        this.perNameAndAddress = perNameAndAddress;
        this.perAddress = perAddress;
        this.perName = perName;
        this.windowMillis = window.toMillis();
        this.failures = Caffeine.newBuilder().maximumSize(entries).expireAfterAccess(window).build();
    }

    /**
     * Zero when the attempt may go on (it is then counted as a failure until {@link #succeeded}), else the seconds to
     * wait.
     */
    synchronized long begin(Attempt attempt) {
        long now = System.currentTimeMillis();
        long wait = Math.max(waitMillis(nameAndAddress(attempt), perNameAndAddress, now),
                Math.max(waitMillis(address(attempt), perAddress, now), waitMillis(name(attempt), perName, now)));
        if (wait > 0) {
            return Math.max(1, (wait + 999) / 1000);
        }
        count(nameAndAddress(attempt), perNameAndAddress, now);
        count(address(attempt), perAddress, now);
        count(name(attempt), perName, now);
        return 0;
    }

    /**
     * The right password: this client's failures on the name are forgiven, and the attempt is no longer counted
     * elsewhere.
     */
    synchronized void succeeded(Attempt attempt) {
        failures.invalidate(nameAndAddress(attempt));
        takeBackOne(address(attempt));
        takeBackOne(name(attempt));
    }

    /** Entries held now (after pending evictions): for tests of the bound. */
    long entries() {
        failures.cleanUp();
        return failures.estimatedSize();
    }

    private long waitMillis(String key, int limit, long now) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) {
            return 0;
        }
        while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
            times.pollFirst();
        }
        return times.size() < limit ? 0 : times.peekFirst() + windowMillis - now;
    }

    private void count(String key, int limit, long now) {
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        times.addLast(now);
        while (times.size() > limit) {
            times.pollFirst();
        }
    }

    private void takeBackOne(String key) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times != null) {
            times.pollLast();
        }
    }

    private static String nameAndAddress(Attempt attempt) {
        return "n+a " + attempt.name() + " " + attempt.address();
    }

    private static String address(Attempt attempt) {
        return "a " + attempt.address();
    }

    private static String name(Attempt attempt) {
        return "n " + attempt.name();
    }
}
