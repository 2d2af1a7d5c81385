package dev.hud.sensors.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

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

    NodeResource(SensorsConfig config) {
        this.info = new NodeInfo(config.nodeName().orElseGet(NodeResource::hostName),
                Runtime.getRuntime().availableProcessors(), config.interval().toMillis());
    }

    @GET
    @Operation(summary = "The node this sensors instance samples")
    public NodeInfo get() {
        return info;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
