package dev.hud.sensors.stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Payloads;
import dev.hud.sensors.node.NodeIdentity;
import dev.hud.sensors.sampling.Sample;
import dev.hud.sensors.sampling.SampleListener;

/**
 * Every node's samples for every replica: each sampler publishes its own to the {@code hud.samples}
 * fanout; each replica listens on a queue of its own and streams what other nodes sent. While the
 * broker is away local samples still stream; the fan-out drops what it cannot send (live data).
 */
@ApplicationScoped
class SampleFanout implements SampleListener {

    private static final Logger LOG = Logger.getLogger(SampleFanout.class);

    private final Emitter<String> out;
    private final Broadcaster broadcaster;
    private final ObjectMapper json;
    private final String node;

    SampleFanout(@Channel("samples-out") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<String> out,
            Broadcaster broadcaster,
            ObjectMapper json, NodeIdentity node) {
        this.out = out;
        this.broadcaster = broadcaster;
        this.json = json;
        this.node = node.name();
    }

    @Override
    public void onSample(Sample sample) {
        if (!node.equals(sample.node())) {
            return;
        }
        try {
            out.send(json.writeValueAsString(sample));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debugf("sample not fanned out: %s", e.getMessage());
        }
    }

    @Incoming("samples-in")
    void onRemote(Object payload) {
        try {
            Sample sample = json.readValue(Payloads.bytes(payload), Sample.class);
            if (sample.node() != null && !node.equals(sample.node())) {
                broadcaster.onSample(sample);
            }
        } catch (Exception e) {
            LOG.debugf("ignored a malformed sample: %s", e.getMessage());
        }
    }
}
