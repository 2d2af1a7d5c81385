package dev.hud.trainer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.trainer.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The one thread that trains. Deliveries wait in a queue; the loop takes a batch of them ({@link BatchGatherer})
 * and hands it to {@link WorkRunner}. What arrives while a batch trains is the next batch. Before the first batch it
 * warms the training path ({@link Warmup}).
 */
@ApplicationScoped
public class TrainingLoop {

    private static final Logger LOG = Logger.getLogger(TrainingLoop.class);

    private final LinkedBlockingQueue<Delivery> waiting = new LinkedBlockingQueue<>();
    private final WorkRunner runner;
    private final Warmup warmup;
    private final BatchGatherer gatherer;
    private volatile boolean stopping;
    private Thread thread;

    TrainingLoop(WorkRunner runner, Warmup warmup, TrainerConfig config, ObjectMapper json) {
        this.runner = runner;
        this.warmup = warmup;
        this.gatherer = new BatchGatherer(waiting, config.batch().maxTrials(), config.batch().gather(), json);
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::loop, "hud-training-loop");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
        List<Delivery> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(Delivery::giveBackAsTheTrainerStops);
    }

    /**
     * Queues a delivery; the future completes when its outcome is confirmed (or fails when it must go back to the
     * queue).
     */
    CompletableFuture<Void> submit(Delivery delivery) {
        if (stopping) {
            delivery.giveBackAsTheTrainerStops();
        } else {
            waiting.add(delivery);
        }
        return delivery.outcome();
    }

    private void loop() {
        warmup.run();
        while (!stopping) {
            List<Delivery> batch;
            try {
                batch = gatherer.next();
            } catch (InterruptedException e) {
                break;
            }
            try {
                runner.run(batch, () -> stopping);
            } catch (RuntimeException e) {
                LOG.errorf(e, "a batch failed unexpectedly; its work goes back to the queue");
                batch.forEach(delivery -> delivery.giveBack(new BrokerUnavailableException("unexpected: " + e)));
            }
        }
    }
}
