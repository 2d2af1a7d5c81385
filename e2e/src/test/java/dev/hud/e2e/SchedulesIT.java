package dev.hud.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs run once per schedule however many gateways run: two packaged gateways share one
 * database; the retrain fires every 3 s and the reaper every second on both, for 14 s.
 */
class SchedulesIT {

    private static final String DATABASE = "hud_gateway_e2e_schedules";

    @Test
    void twoGatewaysRunEachSlotOnce() throws Exception {
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        var env = Tokens.gateway(DATABASE, "e2e-schedules");
        env.putAll(Map.of("HUD_SCHEDULE_RETRAIN_CRON", "0/3 * * * * ?", "HUD_SCHEDULE_REAPER_EVERY", "1s"));
        long started = System.currentTimeMillis();
        try (var one = new Service("gateway", 18395, with(env, "HUD_SCHEDULE_INSTANCE", "gateway-one")).start();
                var two = new Service("gateway", 18396, with(env, "HUD_SCHEDULE_INSTANCE", "gateway-two")).start()) {
            Thread.sleep(14_000);
        }
        // From the first gateway's start to the last one's stop.
        long seconds = (System.currentTimeMillis() - started) / 1000 + 1;

        try (var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "")) {
            var reaperRuns = db.createStatement().executeQuery(
                    "SELECT count(*), count(DISTINCT slot), count(DISTINCT instance) FROM schedule_run WHERE name = 'trial-reaper'");
            reaperRuns.next();
            assertEquals(reaperRuns.getInt(1), reaperRuns.getInt(2), "one run per slot");
            assertTrue(reaperRuns.getInt(1) >= 12 && reaperRuns.getInt(1) <= seconds + 1,
                    "about one run a second, not two: " + reaperRuns.getInt(1) + " in ~" + seconds + " s");
            assertEquals(2, reaperRuns.getInt(3), "both gateways ran some slots");

            // A run the stop interrupts stays "running" (the hourly prune closes it as failed later).
            var retrains = db.createStatement().executeQuery("SELECT count(*), count(*) FILTER (WHERE outcome = 'ok'),"
                    + " count(*) FILTER (WHERE outcome = 'running'), count(DISTINCT slot) FROM schedule_run WHERE name = 'retrain'");
            retrains.next();
            int runs = retrains.getInt(1);
            int ok = retrains.getInt(2);
            assertTrue(ok >= 4 && runs <= seconds / 3 + 1, "a retrain every 3 s, once each: " + runs + " in " + seconds + " s");
            assertTrue(runs - ok <= 2 && runs - ok == retrains.getInt(3), "only runs cut by the stop did not finish: " + (runs - ok));
            assertEquals(runs, retrains.getInt(4), "one run per slot");
            var jobs = db.createStatement().executeQuery("SELECT count(*) FROM training_job WHERE purpose = 'retrain'");
            jobs.next();
            assertTrue(jobs.getInt(1) >= ok && jobs.getInt(1) <= runs,
                    "one retrain job per run, whichever gateway ran it: " + jobs.getInt(1) + " jobs, " + ok + " runs");
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        var map = new HashMap<>(base);
        map.put(key, value);
        return map;
    }
}
