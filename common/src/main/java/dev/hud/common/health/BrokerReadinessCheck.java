package dev.hud.common.health;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Readiness of the RabbitMQ broker, checked over a real AMQP connection.
 *
 * <p>It reads the same {@code rabbitmq-*} keys as the messaging connector, so the check and the
 * channels always talk to the same broker. One connection is kept open between probes; when it is
 * closed (broker restarted, network cut) the next probe reports DOWN if a fresh connection cannot
 * be opened within the timeout, and UP again as soon as it can.
 */
@Readiness
@Singleton
public class BrokerReadinessCheck implements HealthCheck {

    static final String NAME = "RabbitMQ broker";

    private final ConnectionFactory factory;
    private Connection connection;

    @Inject
    public BrokerReadinessCheck() {
        // A probe opens a new connection itself; background recovery would only race with it.
        this(BrokerSettings.fromConfig());
    }

    BrokerReadinessCheck(ConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME)
                .withData("broker", factory.getHost() + ":" + factory.getPort());
        try {
            if (connection == null || !connection.isOpen()) {
                closeQuietly();
                connection = factory.newConnection("hud-readiness");
            }
            Object version = connection.getServerProperties().get("version");
            return response.up().withData("version", String.valueOf(version)).build();
        } catch (Exception e) {
            closeQuietly();
            return response.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }

    @PreDestroy
    synchronized void closeQuietly() {
        if (connection != null) {
            try {
                connection.abort(1000);
            } finally {
                connection = null;
            }
        }
    }
}
