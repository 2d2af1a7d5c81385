package dev.hud.bench.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIfFailed;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * An API client: submits a one-cell grid (job and trial committed, trial published with a broker
 * confirm, 202), reads the job's status three times as a poller would, then lists the jobs. All with
 * one bearer token, fetched before the run, over a shared connection pool (a service's HTTP client,
 * not a browser per user). No think time.
 */
public class ApiSimulation extends Simulation {

    /** The smallest job: one cell, two folds, five epochs (the same as ./hud check's). */
    private static final String JOB = """
            {"name": "load", "grid": {"learningRate": [0.03], "momentum": [0.4]}, "folds": 2, "epochs": 5}""";

    HttpProtocolBuilder client = http.baseUrl(Load.GATEWAY)
            .warmUp(Load.GATEWAY + "/")
            .authorizationHeader("Bearer " + Load.token())
            .acceptHeader("application/json")
            .shareConnections();

    ScenarioBuilder api = scenario("API client").exec(
            http("POST /api/training-jobs").post("/api/training-jobs").asJson().body(StringBody(JOB))
                    .check(status().is(202), jmesPath("id").saveAs("job")),
            exitHereIfFailed(),
            repeat(3).on(http("GET /api/training-jobs/{id}").get("/api/training-jobs/#{job}").check(status().is(200))),
            http("GET /api/training-jobs?size=20").get("/api/training-jobs?size=20").check(status().is(200)));

    {
        setUp(api.injectOpen(constantUsersPerSec(Load.RATE).during(Load.DURATION)))
                .protocols(client)
                .maxDuration(Load.DURATION.plus(Load.GRACE));
    }
}
