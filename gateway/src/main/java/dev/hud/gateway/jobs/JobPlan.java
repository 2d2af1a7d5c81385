package dev.hud.gateway.jobs;

import java.util.List;

import dev.hud.common.messages.Cell;
import dev.hud.common.messages.SearchSpec;
import dev.hud.gateway.jobs.api.JobRequest;

/**
 * A checked job request: its cells in grid order, and what every trial message carries.
 *
 * @param fitEpochs  the job's whole work: every cell's epochs over every fold of every repeat
 */
public record JobPlan(String name, String dataset, String device, List<Cell> cells, SearchSpec search,
        JobRequest request,
        long fitEpochs) {
}
