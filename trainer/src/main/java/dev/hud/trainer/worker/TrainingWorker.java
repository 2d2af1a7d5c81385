package dev.hud.trainer.worker;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.hud.common.messages.Payloads;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;

/**
 * Takes training work from the device's durable queue. Up to {@code hud.trainer.batch.max-trials}
 * messages are delivered at once (the prefetch), each waiting on its own worker thread while the
 * {@link TrainingLoop} trains whatever waits together as one batched program. Each message is
 * acknowledged only after its own outcome is confirmed by the broker, so a trainer killed mid-batch
 * loses nothing: the broker delivers every unacknowledged message again.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final TrainingLoop loop;

    TrainingWorker(TrainingLoop loop) {
        this.loop = loop;
    }

    @Incoming("training-work")
    @Blocking(value = "training", ordered = false)
    public CompletionStage<Void> onWork(Message<?> message) {
        boolean redelivered = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::isRedeliver).orElse(false);
        var delivery = new Delivery(Payloads.bytes(message.getPayload()), redelivered);
        try {
            loop.submit(delivery).get();
            return message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return message.nack(e);
        } catch (ExecutionException e) {
            // Not the message's fault: give it back (failure-strategy=requeue); the queue's delivery limit bounds
            // retries.
            LOG.warnf("the work goes back to the queue: %s", e.getCause().getMessage());
            return message.nack(e.getCause());
        }
    }
}
