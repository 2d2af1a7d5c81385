package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

/** Training jobs the fault tests submit, and what a finished one must show. */
final class Jobs {

    private Jobs() {
    }

    /** A 2x2 grid, 3 folds, {@code epochs} without early stopping: each trial takes about epochs / 10 seconds here. */
    static String submit(Api user, String name, int epochs) throws Exception {
        var response = user.post("/api/training-jobs",
                "{\"name\": \"" + name + "\", \"grid\": {\"learningRate\": [0.02, 0.03],"
                        + " \"momentum\": [0.4, 0.45]}, \"folds\": 3, \"epochs\": " + epochs + "}");
        assertEquals(202, response.statusCode(), response.body());
        return Api.json(response).path("id").asText();
    }

    /** The id of the trial whose first epoch is streamed, within {@code seconds}. */
    static String firstRunningTrial(Api.Events events, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            Api.Event event = events.next(1);
            if (event != null && "progress".equals(event.name())) {
                return event.json().path("trialId").asText();
            }
        }
        throw new AssertionError("no trial started within " + seconds + " s");
    }

    /**
     * Ended well and counted every trial exactly once: four trials, each succeeded, progress at
     * 100 %, one model, no trial and no result failed or recorded twice.
     */
    static JsonNode assertCompletedOnce(HudSystem system, Api user, String jobId, int seconds) throws Exception {
        JsonNode job = user.awaitEnd(jobId, seconds);
        assertEquals("succeeded", job.path("status").asText(), job.toString());
        assertEquals(4, job.path("trials").asInt());
        assertEquals(4, job.path("trialsSucceeded").asInt(), job.toString());
        assertEquals(0, job.path("trialsFailed").asInt(), job.toString());
        assertEquals(4, job.path("trialResults").size());
        for (JsonNode trial : job.path("trialResults")) {
            assertEquals("succeeded", trial.path("status").asText(), trial.toString());
            assertEquals(3, trial.path("bestEpochs").size(), "one result per fold: " + trial);
        }
        assertEquals(100.0, job.path("progress").asDouble());
        assertEquals(4, system.count("gateway", "SELECT count(*) FROM trial WHERE job_id = ?", jobId));
        assertEquals(1, system.count("gateway", "SELECT count(*) FROM model WHERE job_id = ?", jobId));
        assertEquals(0, system.count("gateway", "SELECT count(*) FROM work_failure WHERE job_id = ?", jobId));
        return job;
    }
}
