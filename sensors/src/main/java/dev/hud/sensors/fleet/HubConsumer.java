package dev.hud.sensors.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.hud.common.messages.DeadLetters;
import dev.hud.sensors.sampling.Sample;
import dev.hud.sensors.storage.StoreReceipt;

/**
 * A hub's two consumers of every node's samples: its own stream queue (acknowledged on delivery: live data, each hub
 * gets every sample once) and the store queue shared by all hubs (each sample goes to one hub, acknowledged only once
 * written, then in one acknowledgement for many). A message it cannot read is parked in {@link
 * SampleTopology#DEAD_LETTERS} with why, and acknowledged. While the broker is away it tries again every second.
 */
public final class HubConsumer implements AutoCloseable {

    /** Where samples go: the live stream, the store (which answers with a receipt once written). */
    public interface Sinks {
        void stream(Sample sample);

        void store(Sample sample, StoreReceipt receipt);
    }

    /** Broker-side bounds: the store prefetch, and the queues' lengths. */
    public record Limits(int storePrefetch, int storeQueue, int streamQueue) {
    }

    private static final Logger LOG = Logger.getLogger(HubConsumer.class);

    private final ConnectionFactory broker;
    private final ObjectMapper json;
    private final String hubId;
    private final Limits limits;
    private final Sinks sinks;
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var hub = new Thread(runnable, "sensors-hub");
        hub.setDaemon(true);
        return hub;
    });
    private volatile Connection connection;
    private volatile StoreChannel store;
    private boolean away;

    public HubConsumer(ConnectionFactory broker, ObjectMapper json, String hubId, Limits limits, Sinks sinks) {
        this.broker = broker;
        this.json = json;
        this.hubId = hubId;
        this.limits = limits;
        this.sinks = sinks;
    }

    public HubConsumer start() {
        thread.scheduleWithFixedDelay(this::connectIfNeeded, 0, 1, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::acknowledgeStored, 100, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Samples taken from this hub's stream queue. */
    public long streamed() {
        return streamed.get();
    }

    /** Samples taken from the shared store queue (by this hub). */
    public long received() {
        return received.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public boolean connected() {
        Connection current = connection;
        return current != null && current.isOpen();
    }

    private void connectIfNeeded() {
        if (connected()) {
            return;
        }
        try {
            close(connection);
            Connection opened = broker.newConnection("hud-sensors-hub-" + hubId);
            connection = opened;
            Channel setup = opened.createChannel();
            String streamQueue = SampleTopology.declareHub(setup, hubId, limits.storeQueue(), limits.streamQueue());
            setup.basicConsume(streamQueue, true, new Delivered(setup, null));
            Channel storing = opened.createChannel();
            storing.basicQos(limits.storePrefetch());
            store = new StoreChannel(storing);
            storing.basicConsume(SampleTopology.STORE, false, new Delivered(storing, store));
            if (away) {
                LOG.infof("hub %s consumes samples again", hubId);
            }
            away = false;
        } catch (IOException | TimeoutException | RuntimeException e) {
            if (!away) {
                LOG.warnf("hub %s cannot consume samples, trying again every second: %s", hubId, e.getMessage());
                away = true;
            }
        }
    }

    private void acknowledgeStored() {
        StoreChannel current = store;
        if (current != null) {
            current.acknowledge();
        }
    }

    /**
     * The store channel's acknowledgements: the writer stores in delivery order, so the highest stored delivery tag
     * acknowledges every earlier one at once (multiple=true). A receipt of a channel since closed is dropped: the
     * broker gives its samples to a hub again, and storing them twice changes nothing.
     */
    private static final class StoreChannel {
        private final Channel channel;
        private final AtomicLong stored = new AtomicLong();
        private long acknowledged;

        StoreChannel(Channel channel) {
            this.channel = channel;
        }

        StoreReceipt receipt(long tag) {
            return () -> stored.accumulateAndGet(tag, Math::max);
        }

        void acknowledge() {
            long upTo = stored.get();
            if (upTo > acknowledged && channel.isOpen()) {
                try {
                    channel.basicAck(upTo, true);
                    acknowledged = upTo;
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("stored samples not acknowledged (the broker delivers them again): %s", e.getMessage());
                }
            }
        }
    }

    private final class Delivered extends DefaultConsumer {
        /** Null on the stream channel. */
        private final StoreChannel storing;

        Delivered(Channel channel, StoreChannel storing) {
            super(channel);
            this.storing = storing;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            Sample sample;
            try {
                sample = read(properties, body);
            } catch (IOException | IllegalArgumentException e) {
                if (storing != null) {
                    deadLetter(body, e.getMessage());
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
                return;
            }
            if (storing != null) {
                received.incrementAndGet();
                sinks.store(sample, storing.receipt(envelope.getDeliveryTag()));
            } else {
                streamed.incrementAndGet();
                sinks.stream(sample);
            }
        }

        private void deadLetter(byte[] body, String reason) throws IOException {
            deadLettered.incrementAndGet();
            LOG.warnf("parked an unreadable sample message in %s: %s", SampleTopology.DEAD_LETTERS, reason);
            var properties = new AMQP.BasicProperties.Builder().deliveryMode(2).headers(Map.of(
                    DeadLetters.REASON_HEADER, reason, DeadLetters.SENDER_HEADER, "sensors-hub-" + hubId)).build();
            getChannel().basicPublish(SampleTopology.DEAD_LETTER_EXCHANGE, DeadLetters.ROUTING_KEY, properties, body);
        }
    }

    private Sample read(AMQP.BasicProperties properties, byte[] body) throws IOException {
        if (properties.getType() != null && !SampleTopology.SAMPLE_TYPE.equals(properties.getType())) {
            throw new IllegalArgumentException("type " + properties.getType() + " is not "
                    + SampleTopology.SAMPLE_TYPE);
        }
        Sample sample = json.readValue(body, Sample.class);
        if (sample == null || sample.node() == null || sample.node().isBlank() || sample.cores() == null
                || sample.timestamp() <= 0) {
            throw new IllegalArgumentException("not a sample (node, timestamp and cores are required): "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
        return sample;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        acknowledgeStored();
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            connection.abort(1000);
        }
    }
}
