package dev.hud.gateway.monitor;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.Authenticated;

/** The job/worker/queue monitor's API (so far: workers). */
@Path("/api/monitor")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MonitorResource {

    private final WorkerRegistry workers;

    MonitorResource(WorkerRegistry workers) {
        this.workers = workers;
    }

    @GET
    @Path("/workers")
    @Operation(summary = "The trainers, from their heartbeats")
    public List<WorkerRegistry.Worker> workers() {
        return workers.workers();
    }
}
