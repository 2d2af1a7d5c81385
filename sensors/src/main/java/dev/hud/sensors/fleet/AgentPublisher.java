package dev.hud.sensors.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

import dev.hud.sensors.sampling.Sample;

/**
 * An agent's way to the hubs: the sampler only appends to a bounded buffer (never blocks, never waits on the
 * network); a thread of its own publishes the buffer in batches to {@link SampleTopology#EXCHANGE} and removes a batch
 * only once the broker confirmed all of it. While the broker is away the buffer keeps the newest
 * {@code capacity} samples (the oldest are dropped and counted); when it is back they go out in order, by themselves.
 * A batch whose confirmation was lost is sent again: hubs store idempotently (the sample's key), so that costs nothing.
 */
public final class AgentPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ConnectionFactory broker;
    private final ObjectMapper json;
    private final int capacity;
    private final int batchSize;
    private final ArrayDeque<Sample> buffer = new ArrayDeque<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private Channel channel;
    private boolean away;

    public AgentPublisher(ConnectionFactory broker, ObjectMapper json, int capacity, int batchSize) {
        this.broker = broker;
        this.json = json;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "sensors-publisher");
        this.thread.setDaemon(true);
    }

    public AgentPublisher start() {
        thread.start();
        return this;
    }

    /** Called by the sampler: never blocks. */
    public void offer(Sample sample) {
        synchronized (buffer) {
            if (buffer.size() >= capacity) {
                buffer.pollFirst();
                if (dropped.incrementAndGet() % 600 == 1) {
                    LOG.warnf("publish buffer full (%d): dropping the oldest samples, %d so far", capacity,
                            dropped.get());
                }
            }
            buffer.addLast(sample);
            buffer.notifyAll();
        }
    }

    public int buffered() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    public long published() {
        return published.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running) {
            List<Sample> batch = List.of();
            try {
                batch = next();
                if (batch.isEmpty()) {
                    continue;
                }
                publish(batch);
                published.addAndGet(batch.size());
                if (away) {
                    away = false;
                    LOG.infof("broker is back: %d samples still buffered", buffered());
                }
            } catch (IOException | TimeoutException | ShutdownSignalException e) {
                putBack(batch);
                disconnect();
                if (!away) {
                    away = true;
                    LOG.warnf("cannot publish samples, keeping up to %d: %s", capacity, e);
                }
                pause(RETRY);
            } catch (InterruptedException e) {
                putBack(batch);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Up to a batch of the oldest buffered samples, waiting a while for the first. */
    private List<Sample> next() throws InterruptedException {
        synchronized (buffer) {
            if (buffer.isEmpty() && running) {
                buffer.wait(RETRY.toMillis());
            }
            List<Sample> batch = new ArrayList<>(Math.min(batchSize, buffer.size()));
            while (batch.size() < batchSize && !buffer.isEmpty()) {
                batch.add(buffer.pollFirst());
            }
            return batch;
        }
    }

    private void publish(List<Sample> batch) throws IOException, TimeoutException, InterruptedException {
        if (channel == null || !channel.isOpen()) {
            disconnect();
            connection = broker.newConnection("hud-sensors-agent");
            channel = connection.createChannel();
            channel.confirmSelect();
            SampleTopology.declareExchange(channel);
        }
        for (Sample sample : batch) {
            channel.basicPublish(SampleTopology.EXCHANGE, "", SampleTopology.sampleProperties(sample.timestamp()),
                    bytes(sample));
        }
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    }

    private byte[] bytes(Sample sample) {
        try {
            return json.writeValueAsBytes(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sample that cannot be written as JSON", e);
        }
    }

    /** A batch that was not confirmed goes back in front, in order; what no longer fits is the oldest and goes. */
    private void putBack(List<Sample> batch) {
        synchronized (buffer) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (buffer.size() >= capacity) {
                    dropped.addAndGet(i + 1);
                    return;
                }
                buffer.addFirst(batch.get(i));
            }
        }
    }

    private void disconnect() {
        channel = null;
        if (connection != null) {
            try {
                connection.abort(1000);
            } finally {
                connection = null;
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (buffer) {
            try {
                // Woken early only by close(): new samples do not shorten the wait for the broker.
                long until = System.nanoTime() + duration.toNanos();
                long left;
                while (running && (left = until - System.nanoTime()) > 0) {
                    buffer.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops publishing; what is still buffered is lost with the process (live data). */
    @Override
    public void close() {
        running = false;
        synchronized (buffer) {
            buffer.notifyAll();
        }
        try {
            thread.join(CONFIRM_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }
}
