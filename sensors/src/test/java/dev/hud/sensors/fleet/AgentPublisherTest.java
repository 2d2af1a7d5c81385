package dev.hud.sensors.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.health.BrokerSettings;
import dev.hud.sensors.sampling.Sample;

/**
 * The agent's publisher on the real broker, through a link the test cuts: what is sampled while the broker is away
 * arrives once it is back, in order, up to the buffer's bound; beyond it the oldest are the ones lost.
 */
class AgentPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String node = "agent-test-" + UUID.randomUUID().toString().substring(0, 8);

    private Sample sample(long seq) {
        return new Sample(node, System.currentTimeMillis(), seq, List.of(new Sample.Core(0, 50.0, 10, 2400.0)), null,
                List.of(), 0.5, "synthetic", null);
    }

    @Test
    void anOutageKeepsTheNewestSamplesUpToTheBoundAndSendsThemWhenTheBrokerIsBack() throws Exception {
        // The machine's broker (a test run may give its own virtual host), reached directly and through the link.
        String vhost = ConfigProvider.getConfig().getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/");
        var direct = BrokerSettings.factory("127.0.0.1", 5672, "guest", "guest", vhost, Duration.ofSeconds(2));
        try (var link = new CuttableLink(5672);
                var connection = direct.newConnection("agent-test-reader");
                var channel = connection.createChannel()) {
            SampleTopology.declareExchange(channel);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, SampleTopology.EXCHANGE, "");
            var arrived = new LinkedBlockingQueue<Long>();
            channel.basicConsume(queue, true, (tag, delivery) -> {
                var sample = JSON.readValue(delivery.getBody(), Sample.class);
                if (node.equals(sample.node())) {
                    arrived.add(sample.seq());
                }
            }, tag -> {
            });

            var viaLink = BrokerSettings.factory("127.0.0.1", link.port(), "guest", "guest", vhost,
                    Duration.ofSeconds(2));
            try (var publisher = new AgentPublisher(viaLink, JSON, 40, 8).start()) {
                for (long seq = 1; seq <= 10; seq++) {
                    publisher.offer(sample(seq));
                }
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), take(arrived, 10));
                await().until(() -> publisher.published() == 10);

                link.cut();
                for (long seq = 11; seq <= 60; seq++) {
                    publisher.offer(sample(seq));
                }
                await().until(() -> publisher.dropped() == 10);
                assertEquals(40, publisher.buffered());

                link.mend();
                List<Long> afterOutage = take(arrived, 40);
                List<Long> expected = new ArrayList<>();
                for (long seq = 21; seq <= 60; seq++) {
                    expected.add(seq);
                }
                assertEquals(expected, afterOutage, "the newest 40 of the outage, in order; 11-20 dropped");
                await().until(() -> publisher.published() == 50 && publisher.buffered() == 0);
            }
        }
    }

    private static List<Long> take(LinkedBlockingQueue<Long> arrived, int count) throws InterruptedException {
        List<Long> taken = new ArrayList<>();
        while (taken.size() < count) {
            Long next = arrived.poll(30, TimeUnit.SECONDS);
            if (next == null) {
                break;
            }
            taken.add(next);
        }
        return taken;
    }
}
