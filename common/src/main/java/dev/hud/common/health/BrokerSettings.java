package dev.hud.common.health;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

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

    /**
     * The connector's broker, from its own keys ({@code rabbitmq-host}, {@code -port}, {@code -username},
     * {@code -password}, {@code -virtual-host}; defaults as the connector's), with {@code hud.health.broker-timeout}
     * (default 2 s) for connecting: one reading of the settings for every plain connection a service opens.
     */
    public static ConnectionFactory fromConfig() {
        Config config = ConfigProvider.getConfig();
        return factory(config.getOptionalValue("rabbitmq-host", String.class).orElse("localhost"),
                config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672),
                config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"),
                config.getOptionalValue("hud.health.broker-timeout", Duration.class).orElse(Duration.ofSeconds(2)));
    }
}
