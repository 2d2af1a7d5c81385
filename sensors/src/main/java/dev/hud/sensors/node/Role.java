package dev.hud.sensors.node;

/**
 * What one sensors process does (hud.sensors.role). One codebase and one image for both roles of a cluster, so that an
 * agent and the hubs it feeds can never disagree on the sample's format.
 */
public enum Role {
    /** One per node (a DaemonSet): samples the node and publishes; no database, no HTTP API, no stream. */
    AGENT,
    /** A Deployment: consumes every agent's samples, stores each once across hubs, serves the stream and history. */
    HUB,
    /** One machine (./hud up, dev, tests): a hub that also samples its own node, without the broker in between. */
    ALL;

    public boolean samples() {
        return this != HUB;
    }

    public boolean serves() {
        return this != AGENT;
    }
}
