package dev.hud.gateway.jobs;

import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonValue;

/** A trial's states: queued (waiting or training) → succeeded, failed or cancelled; stored and shown by label. */
public enum TrialStatus {
    QUEUED, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String label() {
        return Labels.of(this);
    }

    @Override
    public String toString() {
        return label();
    }

    @Converter(autoApply = true)
    public static class Column extends Labels.Column<TrialStatus> {
        public Column() {
            super(TrialStatus.class);
        }
    }
}
