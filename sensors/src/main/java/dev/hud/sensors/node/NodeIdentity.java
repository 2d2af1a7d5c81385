package dev.hud.sensors.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

/** The name this sampler reports its node by: configured (the DaemonSet passes the node's name) or the host name. */
@ApplicationScoped
public class NodeIdentity {

    private final String name;

    NodeIdentity(SensorsConfig config) {
        this.name = config.nodeName().orElseGet(NodeIdentity::hostName);
    }

    public String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
