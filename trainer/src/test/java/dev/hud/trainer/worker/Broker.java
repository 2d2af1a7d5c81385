package dev.hud.trainer.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

/**
 * The test's own client of the real RabbitMQ on 127.0.0.1:5672 (in the virtual host the trainer uses): publishes
 * work as the gateway will, and listens to every event on {@code hud.events} through a private queue.
 */
final class Broker implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An event with its routing key. */
    record Event(String routingKey, JsonNode body) {
    }

    private final Connection connection;
    private final Channel channel;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> received = Collections.synchronizedList(new ArrayList<>());

    Broker() throws IOException, TimeoutException {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        // The trainer under test reads the same key: -Drabbitmq-virtual-host=... keeps a test run apart from others.
        factory.setVirtualHost(System.getProperty("rabbitmq-virtual-host", "/"));
        connection = factory.newConnection("hud-trainer-test");
        channel = connection.createChannel();
        channel.exchangeDeclare("hud.events", "topic", true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, "hud.events", "#");
        channel.basicConsume(queue, true, (tag, delivery) -> {
            var event = new Event(delivery.getEnvelope().getRoutingKey(), JSON.readTree(delivery.getBody()));
            received.add(event);
            events.add(event);
        }, tag -> {
        });
    }

    void publishWork(String routingKey, String body) throws IOException {
        channel.basicPublish("hud.training", routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2)
                .contentType("application/json").build(), body.getBytes(StandardCharsets.UTF_8));
    }

    void publishControl(String body) throws IOException {
        channel.basicPublish("hud.control", "", null, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until a consumer has declared the queue (work published before that would be unroutable). */
    void awaitQueue(String queue, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Channel probe = connection.createChannel()) {
                if (probe.queueDeclarePassive(queue).getConsumerCount() > 0) {
                    return;
                }
            } catch (IOException missing) {
                // not declared yet: the probe channel was closed by the broker
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no consumer on " + queue + " within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until every message on the queue has been delivered to a consumer (none ready, some may be unacknowledged).
     */
    void awaitTaken(String queue, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (channel.queueDeclarePassive(queue).getMessageCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("messages still waiting on " + queue + " after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    void deleteQueue(String queue) throws IOException {
        channel.queueDelete(queue);
    }

    void purge(String queue) throws IOException {
        channel.queuePurge(queue);
    }

    /** The next event that matches, skipping others; fails after the timeout. */
    Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The first event received so far that matches, or the next one to come: order does not matter. */
    Event awaitSeen(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (received) {
                var seen = received.stream().filter(wanted).findFirst();
                if (seen.isPresent()) {
                    return seen.get();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout);
            }
            // wakes when one comes
            events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        }
    }

    private final List<Map.Entry<String, Map<String, Object>>> deadLetters = new CopyOnWriteArrayList<>();

    /** How many of all the events received so far match. */
    long count(Predicate<Event> wanted) {
        synchronized (received) {
            return received.stream().filter(wanted).count();
        }
    }

    /** Where the first event that matches came among all events received so far (-1: none yet). */
    int firstIndexOf(Predicate<Event> wanted) {
        synchronized (received) {
            for (int i = 0; i < received.size(); i++) {
                if (wanted.test(received.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * A dead-lettered message whose body contains {@code marker}: its body and headers. Dead letters come in any order
     * (a trainer takes many messages at once): those taken while looking for another stay here for the next call.
     */
    Map.Entry<String, Map<String, Object>> awaitDeadLetter(String queue, String marker, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (var letter : deadLetters) {
                if (letter.getKey().contains(marker)) {
                    deadLetters.remove(letter);
                    return letter;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no dead letter containing " + marker + " within " + timeout);
            }
            GetResponse response = channel.basicGet(queue, true);
            if (response == null) {
                Thread.sleep(100);
                continue;
            }
            deadLetters.add(Map.entry(new String(response.getBody(), StandardCharsets.UTF_8),
                    response.getProps().getHeaders()));
        }
    }

    /** A message of learning-curve points with at least one of this job's that matches. */
    static Predicate<Event> progress(String jobId, Predicate<JsonNode> point) {
        return event -> event.routingKey().equals("training.progress-batch")
                && StreamSupport.stream(event.body().path("points").spliterator(), false)
                        .anyMatch(node -> jobId.equals(node.path("jobId").asText()) && point.test(node));
    }

    /** How many learning-curve points of this job were received so far, over all messages. */
    long progressPoints(String jobId) {
        synchronized (received) {
            return received.stream().filter(event -> event.routingKey().equals("training.progress-batch"))
                    .flatMap(event -> StreamSupport.stream(event.body().path("points").spliterator(), false))
                    .filter(node -> jobId.equals(node.path("jobId").asText())).count();
        }
    }

    static Predicate<Event> key(String routingKey, String jobId) {
        return event -> event.routingKey().equals(routingKey) && jobId.equals(event.body().path("jobId").asText());
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (AlreadyClosedException e) {
            // already gone
        }
    }
}
