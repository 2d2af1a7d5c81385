package dev.hud.cdn.warmup;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;

import dev.hud.common.testing.Management;
import io.restassured.path.json.JsonPath;

/** Reads the cdn's readiness and metrics over HTTP, as a kubelet and a scraper do. */
final class Probe {

    private static final Pattern WARM_UP_COUNT = Pattern.compile(
            "(?m)^hud_cdn_warm_up_requests_total\\{status=\"(\\w+)\"[^}]*} ([0-9.E]+)$");

    private Probe() {
    }

    /** The readiness answer: its status and the warm-up check's data. */
    record Ready(int httpStatus, String status, String phase, long requests) {
    }

    static Ready ready(URL management) {
        var response = given().when().get(Management.url(management, "/q/health/ready"));
        JsonPath json = response.jsonPath();
        String prefix = "checks.find { it.name == '" + WarmUpReadinessCheck.NAME + "' }.data.";
        Object requests = json.get(prefix + "requests");
        return new Ready(response.statusCode(), json.getString("status"), json.getString(prefix + "phase"),
                requests == null ? -1 : ((Number) requests).longValue());
    }

    static String metrics(URL management) {
        return given().accept("text/plain").when().get(Management.url(management, "/q/metrics")).then()
                .statusCode(200).extract().asString();
    }

    /** {@code hud_cdn_warm_up_requests_total} by status. */
    static Map<String, Long> warmUpRequests(URL management) {
        var counts = new java.util.TreeMap<String, Long>();
        var matcher = WARM_UP_COUNT.matcher(metrics(management));
        while (matcher.find()) {
            counts.put(matcher.group(1), (long) Double.parseDouble(matcher.group(2)));
        }
        return counts;
    }
}
