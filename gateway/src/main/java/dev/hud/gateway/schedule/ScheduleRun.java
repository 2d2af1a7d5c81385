package dev.hud.gateway.schedule;

import java.time.OffsetDateTime;

/** A recorded run of a scheduled job: who ran which slot, when, and how it ended. */
public record ScheduleRun(String name, OffsetDateTime slot, String instance, OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String outcome, String detail) {
}
