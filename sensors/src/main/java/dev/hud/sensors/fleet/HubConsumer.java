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
 * A hub's two consumers of every node's samples: its own stream queue (each hub gets every sample once; acknowledged
 * once handed to the stream) and the store queue shared by all hubs (each sample goes to one hub, acknowledged only
 * once written). Both acknowledge many deliveries at once, every 100 ms, and hold a bounded number unacknowledged
 * (prefetch), so a hub that lags leaves the backlog on the broker (bounded there too), not in its own memory. A message it cannot read is parked in {@link
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
    /** Stream deliveries held unacknowledged: 2 s of 100 nodes. */
    private static final int STREAM_PREFETCH = 2000;

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
    private volatile Acknowledger streaming;
    private volatile Acknowledger storing;
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
        thread.scheduleWithFixedDelay(this::acknowledge, 100, 100, TimeUnit.MILLISECONDS);
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
            Channel stream = opened.createChannel();
            String streamQueue = SampleTopology.declareHub(stream, hubId, limits.storeQueue(), limits.streamQueue());
            stream.basicQos(STREAM_PREFETCH);
            streaming = new Acknowledger(stream);
            stream.basicConsume(streamQueue, false, new Delivered(streaming, false));
            Channel store = opened.createChannel();
            store.basicQos(limits.storePrefetch());
            storing = new Acknowledger(store);
            store.basicConsume(SampleTopology.STORE, false, new Delivered(storing, true));
            if (away) {
                LOG.infof("hub %s consumes samples again", hubId);
            }
            away = false;
        } catch (IOException | TimeoutException | RuntimeException e) {
            // A connection whose set-up failed half-way (a queue refused) is dropped: the next second starts over.
            close(connection);
            connection = null;
            if (!away) {
                LOG.warnf("hub %s cannot consume samples, trying again every second: %s", hubId, e.getMessage());
                away = true;
            }
        }
    }

    private void acknowledge() {
        for (Acknowledger acknowledger : new Acknowledger[] { streaming, storing }) {
            if (acknowledger != null) {
                acknowledger.acknowledge();
            }
        }
    }

    /**
     * A channel's acknowledgements: deliveries are done in delivery order (the stream hands them on at once, the
     * writer stores in order), so the highest done delivery tag acknowledges every earlier one at once
     * (multiple=true). A tag of a channel since closed is dropped: the broker gives its samples to a hub again, and
     * storing them twice changes nothing.
     */
    private static final class Acknowledger {
        private final Channel channel;
        private final AtomicLong done = new AtomicLong();
        private long acknowledged;

        Acknowledger(Channel channel) {
            this.channel = channel;
        }

        void done(long tag) {
            done.accumulateAndGet(tag, Math::max);
        }

        StoreReceipt receipt(long tag) {
            return () -> done(tag);
        }

        void acknowledge() {
            long upTo = done.get();
            if (upTo > acknowledged && channel.isOpen()) {
                try {
                    channel.basicAck(upTo, true);
                    acknowledged = upTo;
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("samples not acknowledged (the broker delivers them again): %s", e.getMessage());
                }
            }
        }
    }

    private final class Delivered extends DefaultConsumer {
        private final Acknowledger acknowledger;
        private final boolean store;

        Delivered(Acknowledger acknowledger, boolean store) {
            super(acknowledger.channel);
            this.acknowledger = acknowledger;
            this.store = store;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            Sample sample;
            try {
                sample = read(properties, body);
            } catch (IOException | IllegalArgumentException e) {
                if (store) {
                    // Parked once, by the hub that got it to store (the streams skip it), and acknowledged alone:
                    // marking it done would acknowledge the earlier deliveries the writer has not stored yet.
                    deadLetter(body, e.getMessage());
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                } else {
                    acknowledger.done(envelope.getDeliveryTag());
                }
                return;
            }
            if (store) {
                received.incrementAndGet();
                sinks.store(sample, acknowledger.receipt(envelope.getDeliveryTag()));
            } else {
                streamed.incrementAndGet();
                sinks.stream(sample);
                acknowledger.done(envelope.getDeliveryTag());
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
        acknowledge();
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            connection.abort(1000);
        }
    }
}
