package dev.hud.gateway.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failed logins per user name and client address in a sliding window: past the limit the next
 * attempts are refused until the oldest failure leaves the window. Per gateway replica.
 */
@ApplicationScoped
class LoginThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    LoginThrottle(AuthConfig config) {
        this.maxFailures = config.maxFailures();
        this.window = config.failureWindow();
    }

    /** Zero when an attempt may be made, else the seconds to wait. */
    long retryAfterSeconds(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            long now = System.currentTimeMillis();
            while (!times.isEmpty() && now - times.peekFirst() > window.toMillis()) {
                times.pollFirst();
            }
            if (times.size() < maxFailures) {
                return 0;
            }
            return Math.max(1, (times.peekFirst() + window.toMillis() - now + 999) / 1000);
        }
    }

    void failed(String key) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(System.currentTimeMillis());
            while (times.size() > maxFailures) {
                times.pollFirst();
            }
        }
    }

    void succeeded(String key) {
        failures.remove(key);
    }
}
