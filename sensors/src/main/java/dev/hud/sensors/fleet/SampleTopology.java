package dev.hud.sensors.fleet;

import java.io.IOException;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import dev.hud.common.messages.DeadLetters;

/**
 * Where samples travel between agents and hubs, on the broker. Each agent publishes each sample once to the
 * {@link #EXCHANGE} fanout, which copies it to one queue per hub (its live stream) and to {@link #STORE}, one queue
 * that every hub consumes from, so that each sample is stored by exactly one of them. A sample costs 1 publish and
 * hubs + 1 deliveries, whatever the number of nodes: traffic grows linearly with the fleet. The chart's broker user
 * table (hud.rabbitmqUsers) grants exactly these names.
 */
public final class SampleTopology {

    /** Fanout, durable: agents publish here. */
    public static final String EXCHANGE = "hud.sensors.samples";
    /** Quorum queue shared by all hubs: what is still to be stored. */
    public static final String STORE = "hud.sensors.store";
    /** Prefix of each hub's own queue (exclusive, gone with its connection): what it streams. */
    public static final String STREAM_PREFIX = "hud.sensors.stream.";
    /** Fanout where hubs park a message they cannot read, with why (DeadLetters' headers). */
    public static final String DEAD_LETTER_EXCHANGE = "hud.sensors.dlx";
    public static final String DEAD_LETTERS = "hud.sensors.dead";
    /** The AMQP type of a sample message: its schema (dev.hud.sensors.sampling.Sample) and version. */
    public static final String SAMPLE_TYPE = "hud.sensors.sample.v1";

    private SampleTopology() {
    }

    /** What an agent needs: the exchange. */
    public static void declareExchange(Channel channel) throws IOException {
        channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.FANOUT, true);
    }

    /** What a hub needs: the exchange, the shared store queue, the dead letters, and its own stream queue. */
    public static String declareHub(Channel channel, String hubId, int storeLength, int streamLength)
            throws IOException {
        declareExchange(channel);
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(DEAD_LETTERS, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind(DEAD_LETTERS, DEAD_LETTER_EXCHANGE, DeadLetters.ROUTING_KEY);
        // The oldest go first when no hub can store for long (x-overflow drop-head): live data, bounded broker memory.
        channel.queueDeclare(STORE, true, false, false, Map.of("x-queue-type", "quorum",
                "x-max-length", storeLength, "x-overflow", "drop-head"));
        channel.queueBind(STORE, EXCHANGE, "");
        String stream = STREAM_PREFIX + hubId;
        channel.queueDeclare(stream, false, true, true, Map.of("x-max-length", streamLength,
                "x-overflow", "drop-head"));
        channel.queueBind(stream, EXCHANGE, "");
        return stream;
    }

    /** The properties of a published sample: JSON of {@link #SAMPLE_TYPE}, persistent (the store queue is durable). */
    public static AMQP.BasicProperties sampleProperties(long timestamp) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").type(SAMPLE_TYPE).deliveryMode(2)
                .timestamp(new java.util.Date(timestamp)).build();
    }
}
