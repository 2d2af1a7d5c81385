package dev.hud.sensors.node;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** What this sampler is: the node it reports for, its cores and its sampling interval. */
@Path("/api/sensors/node")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

    public record NodeInfo(String node, int logicalCores, long intervalMs) {
    }

    private final NodeInfo info;

    NodeResource(SensorsConfig config, NodeIdentity node) {
        this.info = new NodeInfo(node.name(), Runtime.getRuntime().availableProcessors(), config.interval().toMillis());
    }

    @GET
    @Operation(summary = "The node this sensors instance samples")
    public NodeInfo get() {
        return info;
    }
}
