package dev.hud.gateway.jobs.messaging;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.hud.common.health.BrokerSettings;
import dev.hud.common.messages.DeadLetters;

/**
 * The trainers' queues, declared by the gateway before it sends work (RabbitMQ drops what reaches an
 * exchange with no queue bound, and a GPU trainer may not have started yet), with the arguments the
 * trainers declare them with: a quorum queue per kind, at most 5 deliveries, dead letters to
 * {@code hud.training.dlx} → {@code hud.training.dead}. Also reads queue depths for the monitor.
 */
@Singleton
public class TrainingTopology {

    public static final String WORK_EXCHANGE = "hud.training";
    public static final String DEAD_EXCHANGE = "hud.training.dlx";
    public static final String DEAD_QUEUE = "hud.training.dead";

    /** Depth and consumers of one queue, as the broker reports them. */
    public record QueueDepth(String queue, long messages, int consumers) {
    }

    private final ConnectionFactory factory;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private Connection connection;

    TrainingTopology() {
        this.factory = BrokerSettings.fromConfig();
    }

    public static String queue(String kind) {
        return WORK_EXCHANGE + "." + kind;
    }

    /** Declares the queue of a kind once per process (again after a failure). */
    public void ensure(String kind) throws IOException {
        if (declared.contains(kind)) {
            return;
        }
        try (Channel channel = channel()) {
            channel.exchangeDeclare(WORK_EXCHANGE, "direct", true);
            channel.exchangeDeclare(DEAD_EXCHANGE, "fanout", true);
            channel.queueDeclare(DEAD_QUEUE, true, false, false, Map.of());
            channel.queueBind(DEAD_QUEUE, DEAD_EXCHANGE, DeadLetters.ROUTING_KEY);
            channel.queueDeclare(queue(kind), true, false, false,
                    Map.of("x-queue-type", "quorum", "x-delivery-limit", 5,
                            "x-dead-letter-exchange", DEAD_EXCHANGE, "x-dead-letter-routing-key",
                            DeadLetters.ROUTING_KEY));
            channel.queueBind(queue(kind), WORK_EXCHANGE, kind);
            declared.add(kind);
        } catch (TimeoutException e) {
            throw new IOException("broker did not answer", e);
        } catch (IOException e) {
            reset();
            throw e;
        }
    }

    /** Depth and consumers of a queue; empty when it does not exist (yet). */
    public Optional<QueueDepth> depth(String queue) throws IOException {
        Channel channel = channel();
        try {
            var ok = channel.queueDeclarePassive(queue);
            return Optional.of(new QueueDepth(queue, ok.getMessageCount(), ok.getConsumerCount()));
        } catch (IOException e) {
            if (connection != null && connection.isOpen()) {
                return Optional.empty(); // the broker's 404 closes the channel, not the connection
            }
            reset();
            throw e;
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (TimeoutException | IOException ignored) {
                    // closing is best effort: the connection stays usable
                }
            }
        }
    }

    private synchronized Channel channel() throws IOException {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = factory.newConnection("hud-gateway-topology");
                declared.clear();
            }
            return connection.createChannel();
        } catch (TimeoutException e) {
            throw new IOException("broker did not answer", e);
        }
    }

    @PreDestroy
    synchronized void reset() {
        if (connection != null) {
            connection.abort(1000);
            connection = null;
        }
        declared.clear();
    }
}
