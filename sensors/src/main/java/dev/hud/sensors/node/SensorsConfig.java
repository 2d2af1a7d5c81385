package dev.hud.sensors.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hud.sensors")
public interface SensorsConfig {

    /** agent, hub or all (one machine); {@link RoleDefaults} turns off what an agent does not use. */
    @WithDefault("all")
    Role role();

    /** The node this sampler reports for; the host name when unset. */
    Optional<String> nodeName();

    /** Time between two samples. */
    Duration interval();

    /** Where the host's sysfs is: /sys, or /host/sys in a pod that mounts the node's. */
    @WithDefault("/sys")
    Path sysRoot();

    /** Where the host's procfs is, for OSHI: unset for this machine's, /host/proc in a pod. */
    Optional<Path> procRoot();

    /** Samples kept for Last-Event-ID resume, all nodes together. */
    @WithDefault("3000")
    int replayBuffer();

    /** Bytes that may wait for one stream client before its samples are dropped. */
    @WithDefault("65536")
    int streamWriteQueue();

    /**
     * The kernel's send buffer per connection. Bounded so that a stuck stream client holds at most
     * this plus {@link #streamWriteQueue()}, and its samples are dropped soon after it stops reading.
     */
    @WithDefault("131072")
    int socketSendBuffer();

    /** Open streams one client address may have at once; more are refused with 429. */
    @WithDefault("20")
    int maxStreamsPerClient();

    /** Samples waiting to be stored while the database is slow or away; beyond it the oldest are dropped. */
    @WithDefault("36000")
    int storeQueue();

    /** Rows per INSERT batch. */
    @WithDefault("2000")
    int storeBatch();

    /** Samples an agent keeps while the broker is away (10 minutes at 10 Hz); beyond it the oldest are dropped. */
    @WithDefault("6000")
    int publishBuffer();

    /** Samples an agent publishes before it waits for the broker's confirmation of them all. */
    @WithDefault("500")
    int publishBatch();

    /** Samples a hub may hold unacknowledged from the shared store queue (its prefetch); below storeQueue. */
    @WithDefault("5000")
    int storePrefetch();

    /** Samples the broker keeps for the hubs' storing while none can (x-max-length; then the oldest go). */
    @WithDefault("1000000")
    int brokerStoreQueue();

    /** Samples the broker keeps for one hub's stream while it lags (x-max-length; then the oldest go). */
    @WithDefault("20000")
    int brokerStreamQueue();

    /**
     * Bench only: an agent that samples this many simulated nodes with a synthetic probe instead of its own node
     * (bench/sensors/fleet). 0: the real node.
     */
    @WithDefault("0")
    int simulatedNodes();
}
