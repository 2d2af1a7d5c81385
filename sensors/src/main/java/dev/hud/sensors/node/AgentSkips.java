package dev.hud.sensors.node;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips the hubs' scheduled work (storing, retention, stream housekeeping) in an agent, which has no database and no
 * stream: its beans are then never even made. Put on a job with {@code skipExecutionIf = AgentSkips.class}.
 */
@Singleton
public class AgentSkips implements Scheduled.SkipPredicate {

    private final boolean agent;

    AgentSkips(SensorsConfig config) {
        this.agent = config.role() == Role.AGENT;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return agent;
    }
}
