package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the only trainer in the middle of a trial: nothing is acknowledged, so the
 * broker gives the trial to the trainer started next, and the job ends with each trial once.
 */
class TrainerKilledIT {

    @RegisterExtension
    static final HudSystem system = new HudSystem("trainer-killed");

    @Test
    void aNewTrainerFinishesTheJobWithEveryTrialOnce() throws Exception {
        Api admin = new Api(system.url()).login("admin", system.adminPassword());
        String jobId = Jobs.submit(admin, "trainer killed", 60);
        String killedTrial;
        try (var events = admin.events("/api/training-jobs/" + jobId + "/events")) {
            killedTrial = Jobs.firstRunningTrial(events, 60);
        }
        long killedPid = system.pid("trainer");
        system.kill("trainer");
        JsonNode midway = admin.job(jobId);
        assertEquals("running", midway.path("status").asText(), "killed mid-job: " + midway);

        system.up("trainer").assertSucceeded("./hud up trainer");
        long newPid = system.pid("trainer");

        JsonNode job = Jobs.assertCompletedOnce(system, admin, jobId, 240);
        for (JsonNode trial : job.path("trialResults")) {
            if (trial.path("trialId").asText().equals(killedTrial)) {
                assertEquals(true, trial.path("workerId").asText().endsWith("-" + newPid),
                        "the killed trainer's trial (pid " + killedPid + ") was done again by the new one (pid "
                                + newPid + "): " + trial);
            }
        }
    }
}
