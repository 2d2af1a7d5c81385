package dev.hud.gateway.jobs;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A job's states: queued → running → refitting → succeeded, or failed / cancelled. Stored and shown by their lower-case
 * labels ({@code training_job.status}, the API's {@code status}).
 */
public enum JobStatus {
    QUEUED, RUNNING, REFITTING, SUCCEEDED, FAILED, CANCELLED;

    /** The statuses of jobs still at work: they count against a user's active jobs. */
    public static final List<JobStatus> ACTIVE = List.of(QUEUED, RUNNING, REFITTING);

    @JsonValue
    public String label() {
        return Labels.of(this);
    }

    public boolean finished() {
        return !ACTIVE.contains(this);
    }

    public static Optional<JobStatus> of(String label) {
        return Labels.parse(JobStatus.class, label);
    }

    public static List<String> labels() {
        return Labels.all(JobStatus.class);
    }

    @Override
    public String toString() {
        return label();
    }

    @Converter(autoApply = true)
    public static class Column extends Labels.Column<JobStatus> {
        public Column() {
            super(JobStatus.class);
        }
    }
}
