package dev.hud.sensors.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import dev.hud.common.health.BrokerSettings;
import dev.hud.common.messages.DeadLetters;
import dev.hud.sensors.node.NodeIdentity;
import dev.hud.sensors.stream.Broadcaster;
import dev.hud.sensors.stream.SseReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A hub (role all is one) with the real broker and database: other nodes' samples, published as agents publish them,
 * stream to browsers and are stored, each by exactly one of the hubs that share the store queue; an unreadable
 * message is parked with its reason.
 */
@QuarkusTest
class HubTest {

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    DataSource database;

    @Inject
    Roles roles;

    @Inject
    Broadcaster broadcaster;

    @Inject
    NodeIdentity nodeIdentity;

    private final String node = "hub-test-" + UUID.randomUUID().toString().substring(0, 8);

    private static byte[] sample(String node, long seq) {
        return """
                {"node":"%s","timestamp":%d,"seq":%d,"cores":[{"core":0,"temperatureC":51.5,
                "utilizationPct":12.5,"frequencyMhz":3100.0}],"packageTemperatureC":55.0,"ccdTemperaturesC":[],
                "load1":0.4,"temperatureSource":"coretemp","temperatureReason":null}"""
                .formatted(node, System.currentTimeMillis(), seq).getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(Channel channel, byte[] body) throws Exception {
        channel.basicPublish(SampleTopology.EXCHANGE, "", SampleTopology.sampleProperties(System.currentTimeMillis()),
                body);
    }

    @Test
    void anotherNodesSampleStreamsAndIsStoredOnceEvenWhenDeliveredTwice() throws Exception {
        await().until(() -> roles.hub().connected());
        int listening = broadcaster.subscribers();
        try (var connection = BrokerSettings.fromConfig().newConnection("hub-test-agent");
                var channel = connection.createChannel();
                var reader = new SseReader(URI.create(stream + "?node=" + node))) {
            await().until(() -> broadcaster.subscribers() > listening);
            byte[] seven = sample(node, 7);
            publish(channel, seven);
            var event = reader.next(Duration.ofSeconds(10));
            assertEquals(7, event.id());
            assertEquals(51.5, event.data().get("cores").get(0).get("temperatureC").asDouble());

            publish(channel, seven); // as an agent does when a confirmation was lost
            publish(channel, sample(node, 8));
            // One queue, one hub here, written in order: seq 8 stored means the duplicate before it was handled too.
            await().until(() -> rows() >= 2);
            assertEquals(2, rows(), "the sample delivered twice is one row");
        }
    }

    @Test
    void hubsSharingTheStoreQueueStoreEachSampleOnce() throws Exception {
        await().until(() -> roles.hub().connected());
        int samples = 400;
        var taken = new AtomicInteger();
        try (var connection = BrokerSettings.fromConfig().newConnection("hub-test-other-hub");
                var otherHub = connection.createChannel();
                var agent = connection.createChannel()) {
            // A second hub on the store queue: it takes its share and acknowledges it (it stores nothing here).
            otherHub.basicQos(50);
            otherHub.basicConsume(SampleTopology.STORE, false, new DefaultConsumer(otherHub) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                        byte[] body) throws java.io.IOException {
                    if (new String(body, StandardCharsets.UTF_8).contains(node)) {
                        taken.incrementAndGet();
                    }
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
            for (int seq = 1; seq <= samples; seq++) {
                publish(agent, sample(node, seq));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> rows() + taken.get() == samples);
            assertTrue(taken.get() > 0 && rows() > 0, "both hubs took a share: " + taken.get() + " and " + rows());
            assertEquals(0, otherHub.queueDeclarePassive(SampleTopology.STORE).getMessageCount());
        }
    }

    @Test
    void roleAllTakesNoPublishedSampleUnderItsOwnNodesName() throws Exception {
        await().until(() -> roles.hub().connected());
        String own = nodeIdentity.name();
        try (var connection = BrokerSettings.fromConfig().newConnection("hub-test-agent");
                var channel = connection.createChannel()) {
            // An agent left running under this node's name; a sequence number of its own to this run (the database
            // outlives test runs).
            long seq = 1_000_000_000L + (System.nanoTime() & 0xFFFFFFFL);
            publish(channel, sample(own, seq));
            publish(channel, sample(node, 1)); // then another node's: stored after it, in order
            await().until(() -> rows() == 1);
            assertEquals(0, rows(own, seq), "this node's samples come from its own sampler only");
            await().until(() -> channel.queueDeclarePassive(SampleTopology.STORE).getMessageCount() == 0);
        }
    }

    @Test
    void theStreamKeepsFlowingPastItsPrefetch() throws Exception {
        await().until(() -> roles.hub().connected());
        long before = roles.hub().streamed();
        try (var connection = BrokerSettings.fromConfig().newConnection("hub-test-agent");
                var channel = connection.createChannel()) {
            for (int seq = 1; seq <= 5000; seq++) { // more than the stream's 2,000 unacknowledged deliveries
                publish(channel, sample(node, seq));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> roles.hub().streamed() >= before + 5000);
        }
    }

    @Test
    void anUnreadableMessageIsParkedWithItsReason() throws Exception {
        await().until(() -> roles.hub().connected());
        try (var connection = BrokerSettings.fromConfig().newConnection("hub-test-agent");
                var channel = connection.createChannel()) {
            channel.queuePurge(SampleTopology.DEAD_LETTERS);
            byte[] body = ("{\"node\":\"" + node + "\",\"timestamp\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8);
            publish(channel, body);
            var parked = await().until(() -> channel.basicGet(SampleTopology.DEAD_LETTERS, true),
                    response -> response != null);
            assertEquals(new String(body, StandardCharsets.UTF_8), new String(parked.getBody(),
                    StandardCharsets.UTF_8));
            Map<String, Object> headers = parked.getProps().getHeaders();
            assertTrue(headers.get(DeadLetters.REASON_HEADER).toString().contains("timestamp"),
                    "why: " + headers.get(DeadLetters.REASON_HEADER));
        }
    }

    private long rows() throws SQLException {
        return rows(node, -1);
    }

    /** Rows of a node, of one sequence number (or all: -1). */
    private long rows(String ofNode, long seq) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement(
                        "SELECT count(*) FROM sample WHERE node = ? AND (? < 0 OR seq = ?)")) {
            query.setString(1, ofNode);
            query.setLong(2, seq);
            query.setLong(3, seq);
            try (var result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
