package dev.hud.gateway.jobs;

import java.util.Set;

/** A job's states: queued → running → refitting → succeeded, or failed / cancelled. */
public final class JobStatus {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String REFITTING = "refitting";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public static final Set<String> ALL = Set.of(QUEUED, RUNNING, REFITTING, SUCCEEDED, FAILED, CANCELLED);
    public static final Set<String> FINISHED = Set.of(SUCCEEDED, FAILED, CANCELLED);

    private JobStatus() {
    }
}
