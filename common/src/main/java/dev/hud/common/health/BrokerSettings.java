package dev.hud.common.health;

import java.time.Duration;

import com.rabbitmq.client.ConnectionFactory;

/**
 * A plain AMQP connection factory for the broker the messaging connector uses (its {@code rabbitmq-*}
 * keys), for what the connector does not do: readiness probes, declaring queues, reading depths.
 */
public final class BrokerSettings {

    private BrokerSettings() {
    }

    /** Without automatic recovery: callers open a new connection when theirs is closed. */
    public static ConnectionFactory factory(String host, int port, String username, String password, String virtualHost,
            Duration timeout) {
        var factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return factory;
    }
}
