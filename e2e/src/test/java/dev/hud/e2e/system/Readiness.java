package dev.hud.e2e.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Waits for services' {@code /q/health/ready} to say what a test expects. */
final class Readiness {

    private Readiness() {
    }

    static int status(String managementUrl) {
        try {
            return Api.HTTP.send(
                    HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Every one of {@code services} answers {@code expected} within {@code seconds}, or the test fails naming those
     * that did not.
     */
    static void await(HudSystem system, List<String> services, int expected, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        List<String> waiting = services;
        while (!waiting.isEmpty()) {
            waiting = waiting.stream().filter(service -> status(system.management(service)) != expected).toList();
            if (!waiting.isEmpty() && System.currentTimeMillis() > deadline) {
                throw new AssertionError("readiness of " + waiting + " not " + expected + " within " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }
}
