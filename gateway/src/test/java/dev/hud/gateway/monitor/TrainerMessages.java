package dev.hud.gateway.monitor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;

import dev.hud.common.health.BrokerSettings;
import dev.hud.common.messages.TrainingEvents;

/** What trainers publish on {@code hud.events}, sent over the real broker (the test's virtual host). */
final class TrainerMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainerMessages() {
    }

    static void publish(String routingKey, Object event) throws IOException, TimeoutException {
        try (var connection = BrokerSettings.fromConfig().newConnection("gateway-test-trainer");
                var channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("hud.events", routingKey,
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    JSON.writeValueAsBytes(event));
            try {
                channel.waitForConfirmsOrDie(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** The heartbeat a trainer sends every few seconds (and a last one with {@code stopping} on shutdown). */
    static void heartbeat(String workerId, List<String> trials, boolean stopping) throws IOException, TimeoutException {
        long now = System.currentTimeMillis();
        String first = trials.isEmpty() ? null : trials.get(0);
        publish(TrainingEvents.Heartbeat.ROUTING_KEY,
                new TrainingEvents.Heartbeat(TrainingEvents.Heartbeat.SCHEMA, workerId, "node-3", "cpu: test", "cpu",
                        first == null ? null : first.substring(0, first.lastIndexOf('/')), first, trials, 4, 1,
                        now - 60_000, now, stopping));
    }

    static void failed(String jobId, String trialId, String reason) throws IOException, TimeoutException {
        publish(TrainingEvents.WorkFailed.ROUTING_KEY,
                new TrainingEvents.WorkFailed(TrainingEvents.WorkFailed.SCHEMA, jobId, trialId, reason, "double-7"));
    }
}
