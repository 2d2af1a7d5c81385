package dev.hud.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.hud.common.http.TrustedProxies;
import dev.hud.gateway.auth.LoginThrottle.Attempt;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle(5, 30, 50, Duration.ofMinutes(1), 1_000);

    @Test
    void oneClientGuessingOneNameIsStoppedWithoutLockingTheNameForOthers() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, throttle.begin(new Attempt("admin", "10.0.0.1")));
        }
        assertTrue(throttle.begin(new Attempt("admin", "10.0.0.1")) > 0);
        assertEquals(0, throttle.begin(new Attempt("admin", "10.0.0.2")), "the real admin elsewhere still gets in");
    }

    @Test
    void onePasswordOverManyNamesIsStoppedPerAddress() {
        for (int i = 0; i < 30; i++) {
            assertEquals(0, throttle.begin(new Attempt("user" + i, "10.0.0.3")));
        }
        assertTrue(throttle.begin(new Attempt("fresh-name", "10.0.0.3")) > 0);
        assertEquals(0, throttle.begin(new Attempt("fresh-name", "10.0.0.4")));
    }

    @Test
    void manyClientsGuessingOneNameAreStoppedPerName() {
        for (int client = 0; client < 10; client++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(0, throttle.begin(new Attempt("target", "10.1.0." + client)));
            }
        }
        assertTrue(throttle.begin(new Attempt("target", "10.1.0.99")) > 0, "50 failures on one name from anywhere");
    }

    @Test
    void parallelGuessesAreCountedBeforeThePasswordIsChecked() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Long>> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guesses.add(() -> {
                go.await();
                return throttle.begin(new Attempt("admin", "10.0.0.5"));
            });
        }
        List<Future<Long>> waits = guesses.stream().map(pool::submit).toList();
        go.countDown();
        long allowed = 0;
        for (Future<Long> wait : waits) {
            allowed += wait.get() == 0 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(5, allowed, "only five of twenty simultaneous guesses reach the password check");
    }

    @Test
    void theRightPasswordForgivesThatClientsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.begin(new Attempt("alice", "10.0.0.6"));
        }
        var attempt = new Attempt("alice", "10.0.0.6");
        assertEquals(0, throttle.begin(attempt));
        throttle.succeeded(attempt);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, throttle.begin(new Attempt("alice", "10.0.0.6")), "attempt " + i);
        }
    }

    @Test
    void forwardedAddressesAreBelievedOnlyFromNamedProxies() {
        assertThrows(IllegalStateException.class, () -> TrustedProxies.check(true, Optional.empty()));
        assertThrows(IllegalStateException.class, () -> TrustedProxies.check(true, Optional.of(" ")));
        TrustedProxies.check(true, Optional.of("10.42.0.0/16"));
        TrustedProxies.check(false, Optional.empty());
    }

    @Test
    void whatItRemembersIsBounded() {
        for (int i = 0; i < 100_000; i++) {
            throttle.begin(new Attempt("name-" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
        }
        assertTrue(throttle.entries() <= 1_000, throttle.entries() + " entries");
    }

    @Test
    void theRetryAfterIsTheSecondsUntilTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            throttle.begin(new Attempt("bob", "10.0.0.7"));
        }
        long wait = throttle.begin(new Attempt("bob", "10.0.0.7"));
        assertTrue(wait >= 59 && wait <= 60, "a one-minute window, just begun: " + wait + " s");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        var shortWindow = new LoginThrottle(2, 30, 50, Duration.ofSeconds(2), 1_000);
        var attempt = new Attempt("carl", "10.0.0.8");
        assertEquals(0, shortWindow.begin(attempt));
        assertEquals(0, shortWindow.begin(attempt));
        long wait = shortWindow.begin(attempt);
        assertTrue(wait >= 1 && wait <= 2, "what is left of a two-second window, in whole seconds: " + wait);
        // Once the window has passed, the client may try again (and is counted afresh).
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> shortWindow.begin(attempt) == 0);
        assertEquals(0, shortWindow.begin(attempt));
        assertTrue(shortWindow.begin(attempt) > 0, "two failures in the new window");
    }

    @Test
    void aSuccessForgivesOnlyThatClientsFailuresOnTheName() {
        for (int i = 0; i < 5; i++) {
            throttle.begin(new Attempt("dina", "10.0.0.9"));
        }
        var elsewhere = new Attempt("dina", "10.0.0.10");
        assertEquals(0, throttle.begin(elsewhere));
        throttle.succeeded(elsewhere);
        assertTrue(throttle.begin(new Attempt("dina", "10.0.0.9")) > 0, "the guessing client stays held back");
    }

    /** Retry-After is what is left of the oldest failure's window, not a whole window from now. */
    @Test
    void theWaitShrinksAsTheOldestFailureAges() {
        var threeSeconds = new LoginThrottle(2, 30, 50, Duration.ofSeconds(3), 1_000);
        var attempt = new Attempt("eve", "10.0.0.11");
        threeSeconds.begin(attempt);
        threeSeconds.begin(attempt);
        long first = threeSeconds.begin(attempt);
        assertTrue(first >= 2 && first <= 3, first + " s");
        // Polled until one second is left (a poll after the window counts afresh and starts over).
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> threeSeconds.begin(attempt) == 1);
    }
}
