package dev.hud.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs run once per schedule however many gateways run: two packaged gateways share one
 * database, the retrain fires every 3 s and the reaper every second on both. Which replica wins a
 * slot is a race, so the test asserts what is guaranteed: every slot is the same on both replicas
 * and runs once, one retrain job per retrain run, and when a replica stops the other one runs the
 * slots from then on. It waits for the runs it needs, however slow the machine.
 */
class SchedulesIT {

    private static final String DATABASE = "hud_gateway_e2e_schedules";
    private static final String REAPER = "trial-reaper";
    private static final String RETRAIN = "retrain";
    /** A bound for a failure only: a healthy run needs about 20 s. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private record Run(Instant slot, String instance, String outcome) {
    }

    @Test
    void eachSlotRunsOnceAndAStoppedGatewaysSlotsAreTakenOver() throws Exception {
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        var env = Tokens.gateway(DATABASE, "e2e-schedules");
        env.putAll(Map.of("HUD_SCHEDULE_RETRAIN_CRON", "0/3 * * * * ?", "HUD_SCHEDULE_REAPER_EVERY", "1s"));
        Instant started = Instant.now();
        Instant oneStopped;
        try (var one = new Service("gateway", 18395, with(env, "HUD_SCHEDULE_INSTANCE", "gateway-one")).start();
                var two = new Service("gateway", 18396, with(env, "HUD_SCHEDULE_INSTANCE", "gateway-two")).start();
                var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "")) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> runs(db, REAPER).size() >= 6 && finished(runs(db, RETRAIN)) >= 2);
            one.stop();
            oneStopped = Instant.now();
            // From the next slot on, only the second gateway is left to run them: it must run every one it reaches.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> after(runs(db, REAPER), oneStopped).size() >= 5
                            && finished(after(runs(db, RETRAIN), oneStopped)) >= 2);
        }
        Instant ended = Instant.now();

        try (var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "")) {
            List<Run> reaper = runs(db, REAPER);
            List<Run> retrain = runs(db, RETRAIN);

            // Both replicas compute the same slots (aligned to the period), so a slot is claimed once.
            reaper.forEach(
                    run -> assertEquals(0, run.slot().toEpochMilli() % 1000, "reaper slot on a whole second: " + run));
            retrain.forEach(
                    run -> assertEquals(0, run.slot().getEpochSecond() % 3, "retrain slot at its cron time: " + run));
            long seconds = Duration.between(started, ended).toSeconds() + 1;
            assertTrue(reaper.size() <= seconds + 1,
                    "at most one reaper run a second: " + reaper.size() + " in ~" + seconds + " s");
            assertTrue(retrain.size() <= seconds / 3 + 1,
                    "at most one retrain per 3 s: " + retrain.size() + " in ~" + seconds + " s");

            // After the first gateway stopped, the second one ran the slots.
            assertEquals(List.of("gateway-two"), instances(after(reaper, oneStopped)),
                    "who ran the reaper after the stop");
            assertEquals(List.of("gateway-two"), instances(after(retrain, oneStopped)),
                    "who ran the retrain after the stop");

            // A run is cut only by its gateway's stop: any run that did not end ok is the last its gateway ran.
            int ok = (int) retrain.stream().filter(run -> "ok".equals(run.outcome())).count();
            for (var run : retrain) {
                if (!"ok".equals(run.outcome())) {
                    Instant last = retrain.stream().filter(other -> other.instance().equals(run.instance()))
                            .map(Run::slot)
                            .max(Instant::compareTo).orElseThrow();
                    assertEquals(last, run.slot(),
                            "a run that did not end ok is its gateway's last (cut by the stop): " + retrain);
                }
            }
            // Every retrain run that ended ok submitted exactly one job, whichever gateway ran it.
            var jobs = db.createStatement().executeQuery("SELECT count(*) FROM training_job WHERE purpose = 'retrain'");
            jobs.next();
            assertTrue(jobs.getInt(1) >= ok && jobs.getInt(1) <= retrain.size(),
                    "one retrain job per run: " + jobs.getInt(1) + " jobs, " + retrain);
        }
    }

    private static List<Run> runs(Connection db, String name) throws SQLException {
        try (var statement = db
                .prepareStatement("SELECT slot, instance, outcome FROM schedule_run WHERE name = ? ORDER BY slot")) {
            statement.setString(1, name);
            var rows = statement.executeQuery();
            List<Run> runs = new ArrayList<>();
            while (rows.next()) {
                Timestamp slot = rows.getTimestamp(1);
                runs.add(new Run(slot.toInstant(), rows.getString(2), rows.getString(3)));
            }
            return runs;
        }
    }

    /**
     * Runs of the slots that began a whole second after {@code instant} (a slot in progress at the stop may be
     * either's).
     */
    private static List<Run> after(List<Run> runs, Instant instant) {
        return runs.stream().filter(run -> run.slot().isAfter(instant.plusSeconds(1))).toList();
    }

    private static long finished(List<Run> runs) {
        return runs.stream().filter(run -> run.outcome() != null && !"running".equals(run.outcome())).count();
    }

    private static List<String> instances(List<Run> runs) {
        return runs.stream().map(Run::instance).distinct().toList();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var map = new HashMap<>(base);
        map.put(key, value);
        return map;
    }
}
