package dev.hud.sensors.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;

import dev.hud.sensors.node.NodeIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Through the real broker: this node's samples go out on hud.samples, other nodes' come in and stream. */
@QuarkusTest
class FanoutTest {

    @TestHTTPResource("/api/sensors/stream")
    URI stream;

    @Inject
    NodeIdentity node;

    @Test
    void oneConnectionSeesEveryNode() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.exchangeDeclare("hud.samples", "fanout", false);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "hud.samples", "");
            var published = new LinkedBlockingQueue<String>();
            channel.basicConsume(queue, true,
                    (tag, delivery) -> published.add(new String(delivery.getBody(), StandardCharsets.UTF_8)),
                    tag -> {
                    });
            String own = published.poll(5, TimeUnit.SECONDS);
            assertTrue(own != null && new ObjectMapper().readTree(own).get("node").asText().equals(node.name()),
                    "this node's samples are fanned out");

            try (var reader = new SseReader(URI.create(stream + "?node=node-b"))) {
                Thread.sleep(300);
                String remote = """
                        {"node":"node-b","timestamp":%d,"seq":7,"cores":[{"core":0,"temperatureC":51.5,
                        "utilizationPct":12.5,"frequencyMhz":3100.0}],
                         "packageTemperatureC":55.0,"ccdTemperaturesC":[],"load1":0.4,
                         "temperatureSource":"coretemp","temperatureReason":null}"""
                        .formatted(System.currentTimeMillis());
                channel.basicPublish("hud.samples", "", null, remote.getBytes(StandardCharsets.UTF_8));
                var event = reader.next(Duration.ofSeconds(5));
                assertEquals(7, event.id());
                assertEquals(51.5, event.data().get("cores").get(0).get("temperatureC").asDouble());
            }
        }
    }
}
