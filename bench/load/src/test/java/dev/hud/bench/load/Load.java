package dev.hud.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every simulation is told by bench/load/run (system properties), and the one call made outside
 * Gatling: a token (the API clients' bearer token, the returning visitors' session cookie), fetched
 * once before the run so that these users do not each pay a bcrypt check.
 */
final class Load {

    /** The gateway: the system's single origin (pages, API, and /assets through its local edge). */
    static final String GATEWAY = System.getProperty("hud.url", "http://127.0.0.1:18600");
    static final String USER = System.getProperty("hud.user", "admin");
    /**
     * New users (visitors, API clients) arriving per second: an open workload model. They arrive at
     * constant intervals, not randomized (Poisson): a level then offers exactly RATE x DURATION users
     * (randomized gave +-15 % at these counts), so that levels and runs compare.
     */
    static final double RATE = Double.parseDouble(System.getProperty("load.rate", "5"));
    static final Duration DURATION = Duration.ofSeconds(Long.getLong("load.seconds", 20));
    /** Users still running this long after the last one arrived are stopped: every run is bounded. */
    static final Duration GRACE = Duration.ofSeconds(15);

    private Load() {
    }

    /** A system property bench/load/run always passes. */
    static String required(String name, String what) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + name + "=<" + what + "> is required (bench/load/run passes it)");
        }
        return value;
    }

    /** The login request's body, as the login page sends it. */
    static String credentials() {
        return "{\"username\":\"" + USER + "\",\"password\":\"" + required("hud.password", "the user's password") + "\"}";
    }

    /** A bearer token for the API scenario, from POST /api/auth/token. */
    static String token() {
        HttpRequest login = HttpRequest.newBuilder(URI.create(GATEWAY + "/api/auth/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(credentials())).build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(login, HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(answer.body());
            if (answer.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("login as " + USER + " failed: HTTP " + answer.statusCode() + " " + answer.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + GATEWAY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
