package dev.hud.sensors.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.health.BrokerSettings;
import dev.hud.sensors.node.NodeIdentity;
import dev.hud.sensors.node.Role;
import dev.hud.sensors.node.SensorsConfig;
import dev.hud.sensors.sampling.Sample;
import dev.hud.sensors.sampling.Sampler;
import dev.hud.sensors.storage.SampleWriter;
import dev.hud.sensors.storage.StoreReceipt;
import dev.hud.sensors.stream.Broadcaster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts what this process' role does (hud.sensors.role): an agent samples into its {@link AgentPublisher}; a hub
 * consumes with a {@link HubConsumer} into the stream and the store; role all is a hub that also samples its own node
 * straight into both. The stream and the store are looked up only in the roles that have them, so an agent never
 * makes a database pool.
 */
@ApplicationScoped
public class Roles {

    private static final Logger LOG = Logger.getLogger(Roles.class);

    private AgentPublisher publisher;
    private HubConsumer hub;

    void start(@Observes StartupEvent event, SensorsConfig config, NodeIdentity node, Sampler sampler,
            ObjectMapper json, Instance<Broadcaster> broadcasters, Instance<SampleWriter> writers,
            MeterRegistry registry) {
        Role role = config.role();
        LOG.infof("Sensors role %s on node %s", role.name().toLowerCase(), node.name());
        if (role == Role.AGENT) {
            publisher = new AgentPublisher(BrokerSettings.fromConfig(), json, config.publishBuffer(),
                    config.publishBatch()).start();
            FunctionCounter.builder("hud.sensors.agent.published", publisher, AgentPublisher::published)
                    .description("samples the broker confirmed").register(registry);
            FunctionCounter.builder("hud.sensors.agent.dropped", publisher, AgentPublisher::dropped)
                    .description("samples dropped while the broker was away longer than the buffer").register(registry);
            Gauge.builder("hud.sensors.agent.buffered", publisher, AgentPublisher::buffered)
                    .description("samples waiting to be published").register(registry);
            sampler.start(publisher::offer);
            return;
        }
        Broadcaster broadcaster = broadcasters.get();
        SampleWriter writer = writers.get();
        // Role all samples its own node itself: a published sample under the same name (an agent misnamed, or left
        // running beside it) would interleave another sequence with its own, so it is not taken.
        String own = role == Role.ALL ? node.name() : null;
        hub = new HubConsumer(BrokerSettings.fromConfig(), json, node.name() + "-" + ProcessHandle.current().pid(),
                new HubConsumer.Limits(config.storePrefetch(), config.brokerStoreQueue(), config.brokerStreamQueue()),
                new HubConsumer.Sinks() {
                    @Override
                    public void stream(Sample sample) {
                        if (!sample.node().equals(own)) {
                            broadcaster.onSample(sample);
                        }
                    }

                    @Override
                    public void store(Sample sample, StoreReceipt receipt) {
                        if (sample.node().equals(own)) {
                            writer.skip(receipt); // acknowledged in its turn, not stored
                        } else {
                            writer.store(sample, receipt);
                        }
                    }
                }).start();
        FunctionCounter.builder("hud.sensors.hub.received", hub, HubConsumer::streamed).tag("queue", "stream")
                .description("samples delivered to this hub").register(registry);
        FunctionCounter.builder("hud.sensors.hub.received", hub, HubConsumer::received).tag("queue", "store")
                .description("samples delivered to this hub").register(registry);
        FunctionCounter.builder("hud.sensors.hub.dead-lettered", hub, HubConsumer::deadLettered)
                .description("unreadable sample messages parked in " + SampleTopology.DEAD_LETTERS).register(registry);
        if (role == Role.ALL) {
            sampler.start(sample -> {
                broadcaster.onSample(sample);
                writer.onSample(sample);
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    /** The hub's consumer, or null in an agent: for health and tests. */
    public HubConsumer hub() {
        return hub;
    }

    /** The agent's publisher, or null in a hub. */
    public AgentPublisher publisher() {
        return publisher;
    }
}
