package dev.hud.sensors.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;

import dev.hud.common.health.BrokerSettings;
import dev.hud.sensors.node.NodeIdentity;
import dev.hud.sensors.sampling.Sample;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * hud.sensors.role=agent alone makes an agent: it publishes its node's samples to the hubs' exchange, and has no
 * database (the datasource is inactive, nothing was made of it) and no HTTP port (only the management one).
 */
@QuarkusTest
@TestProfile(AgentRoleTest.Agent.class)
class AgentRoleTest {

    public static class Agent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // As the chart runs an agent: no database settings at all.
            return Map.of("hud.sensors.role", "agent", "quarkus.datasource.jdbc.url", "",
                    "quarkus.datasource.username", "");
        }
    }

    @Inject
    NodeIdentity node;

    @Inject
    Roles roles;

    @Inject
    Instance<DataSource> database;

    @ConfigProperty(name = "quarkus.http.host-enabled")
    boolean httpEnabled;

    @Test
    void publishesItsNodesSamplesAndNothingElse() throws Exception {
        assertNotNull(roles.publisher());
        assertNull(roles.hub(), "an agent consumes nothing");
        try (var connection = BrokerSettings.fromConfig().newConnection("agent-role-test");
                var channel = connection.createChannel()) {
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, SampleTopology.EXCHANGE, "");
            var deliveries = new LinkedBlockingQueue<Delivery>();
            channel.basicConsume(queue, true, (tag, delivery) -> deliveries.add(delivery), tag -> {
            });
            Delivery delivery = deliveries.poll(10, TimeUnit.SECONDS);
            assertNotNull(delivery, "a sample within 10 s (sampled every 100 ms)");
            assertEquals(SampleTopology.SAMPLE_TYPE, delivery.getProperties().getType());
            var sample = new ObjectMapper().readValue(delivery.getBody(), Sample.class);
            assertEquals(node.name(), sample.node());
            assertFalse(sample.cores().isEmpty());
        }
    }

    @Test
    void hasNoDatabaseAndNoHttpPort() {
        assertThrows(RuntimeException.class, () -> database.get().getConnection(),
                "the datasource is inactive in an agent");
        assertFalse(httpEnabled, "no HTTP port: health and metrics are on the management port");
    }
}
