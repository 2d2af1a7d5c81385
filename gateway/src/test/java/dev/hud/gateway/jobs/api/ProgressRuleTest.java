package dev.hud.gateway.jobs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A job's progress as people see it: its trials, then its refit, one step each. */
class ProgressRuleTest {

    @Test
    void theTrialsThenTheRefitMakeAHundred() {
        assertEquals(0.0, JobViews.progress(0, 4));
        assertEquals(60.0, JobViews.progress(3, 4), 1e-9);
        assertEquals(80.0, JobViews.progress(4, 4), 1e-9, "every trial done, the model not yet");
        assertEquals(100.0, JobViews.progress(5, 4), 1e-9, "the refit done too");
    }
}
