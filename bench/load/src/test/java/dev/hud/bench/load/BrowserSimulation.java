package dev.hud.bench.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.Cookie;
import static io.gatling.javaapi.http.HttpDsl.addCookie;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * A browser-like visitor, as the original's JMeter plan (which followed embedded resources): opens
 * the login page, logs in (the gateway answers with the HttpOnly {@code hud_token} session cookie,
 * which Gatling's cookie jar sends from then on, like a browser), then opens every page. Each page
 * brings its embedded assets ({@code inferHtmlResources}: the stylesheet, the bundled script and the
 * icon, served by the cdn through the gateway's edge; cached per visitor as their Cache-Control says)
 * and the API reads its script makes on load (cdn/src/main/web/pages/*.js). Not modelled: the
 * pages' timers (polling every 2-5 s) and their Server-Sent Event streams, which a visitor who moves
 * on after a page does not keep open. No think time: a visitor is a burst of requests.
 *
 * <p>{@code -Dload.login=false}: returning visitors instead, who arrive with the session cookie of an
 * earlier login (one login, before the run, shared by all) and skip the login page: the pages
 * alone, without a bcrypt password check per visitor.
 */
public class BrowserSimulation extends Simulation {

    /** A finished job, so that /training/{id} has a grid, curves and trials to show (bench/load/run seeds it). */
    private static final String JOB = Load.required("hud.job", "the id of a finished job");
    private static final boolean LOGIN = Boolean.parseBoolean(System.getProperty("load.login", "true"));
    /** The gateway's session cookie over plain HTTP (hud.auth.session-cookie in the gateway). */
    private static final String SESSION_COOKIE = "hud_token";

    HttpProtocolBuilder browser = http.baseUrl(Load.GATEWAY)
            .warmUp(Load.GATEWAY + "/")
            .inferHtmlResources()
            .acceptHeader("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .acceptEncodingHeader("gzip, deflate")
            .acceptLanguageHeader("en")
            .userAgentHeader("Mozilla/5.0 (X11; Linux x86_64) hud-bench-load");

    /** A page and the API reads its script makes, fetched together after the HTML, like a browser does. */
    private static HttpRequestActionBuilder page(String path, HttpRequestActionBuilder... reads) {
        return http("page " + named(path)).get(path).check(status().is(200)).resources(reads);
    }

    /** A read the page's script makes with fetch(): JSON, the session cookie going along. */
    private static HttpRequestActionBuilder api(String path) {
        return http("api " + named(path)).get(path).header("Accept", "application/json").check(status().is(200));
    }

    /** One name in the statistics for a path, whichever job it names. */
    private static String named(String path) {
        return path.replace(JOB, "{id}");
    }

    private static final HttpRequestActionBuilder ME = api("/api/auth/me");

    /** A new visitor logs in on the login page; a returning one already holds the session cookie. */
    private static ChainBuilder arrive() {
        if (!LOGIN) {
            return exec(addCookie(Cookie(SESSION_COOKIE, Load.token()).withPath("/")));
        }
        return exec(page("/login"),
                http("api POST /api/auth/token (log in)").post("/api/auth/token").asJson().body(StringBody(Load.credentials()))
                        .check(status().is(200)));
    }

    ScenarioBuilder visitor = scenario(LOGIN ? "browser-like visitor" : "browser-like returning visitor").exec(
            arrive(),
            page("/", ME, api("/api/training-jobs?size=5"), api("/api/monitor/workers")),
            page("/training", ME, api("/api/training-jobs?size=50")),
            page("/training/" + JOB, ME, api("/api/training-jobs/" + JOB), api("/api/training-jobs/" + JOB + "/curves?trial=0")),
            page("/models", ME, api("/api/models")),
            page("/sensors"),
            page("/monitor", ME, api("/api/monitor/workers"), api("/api/monitor/queues"), api("/api/monitor/schedules"),
                    api("/api/monitor/failures?size=20")));

    {
        setUp(visitor.injectOpen(constantUsersPerSec(Load.RATE).during(Load.DURATION)))
                .protocols(browser)
                .maxDuration(Load.DURATION.plus(Load.GRACE));
    }
}
