package dev.hud.gateway.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import dev.hud.common.health.BrokerSettings;
import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.messages.TrainingWork;

/**
 * Plays the trainers' side over the real broker: takes the work the gateway sent from the test
 * queue ({@code hud.training.gwtest-cpu}) and publishes the events a trainer would, in the trainers'
 * message format. A test registers it ({@code @RegisterExtension static final TrainerDouble trainer}): it connects
 * before each test and disconnects after it.
 */
final class TrainerDouble implements BeforeEachCallback, AfterEachCallback {

    static final String QUEUE = "hud.training.gwtest-cpu";

    private final ObjectMapper json = new ObjectMapper();
    private Connection connection;
    private Channel channel;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        var factory = BrokerSettings.fromConfig();
        connection = factory.newConnection("gateway-test-trainer");
        channel = connection.createChannel();
    }

    /** The work messages of one job, waiting until {@code count} have arrived (others are requeued). */
    List<TrainingWork> take(String jobId, int count, Duration within) throws Exception {
        var taken = new ArrayList<TrainingWork>();
        long deadline = System.nanoTime() + within.toNanos();
        while (taken.size() < count && System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(QUEUE, false);
            if (response == null) {
                Thread.sleep(50);
                continue;
            }
            var work = json.readValue(response.getBody(), TrainingWork.class);
            if (jobId.equals(work.jobId())) {
                taken.add(work);
            }
            // other jobs' work: earlier tests' leftovers
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        }
        return taken;
    }

    /** Nothing more of this job arrives within the time. */
    List<TrainingWork> more(String jobId, Duration within) throws Exception {
        return take(jobId, Integer.MAX_VALUE, within);
    }

    void publish(String routingKey, Object event) throws IOException {
        publish(routingKey, json.writeValueAsBytes(event));
    }

    void publish(String routingKey, byte[] body) throws IOException {
        channel.basicPublish("hud.events", routingKey,
                new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                body);
    }

    /** Learning-curve points as trainers send them, many in one message: epochs 1..epochs of one fold of one trial. */
    void progress(String trialId, int fold, int epochs) throws IOException {
        var points = new ArrayList<TrainingEvents.EpochProgress>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            points.add(new TrainingEvents.EpochProgress(TrainingEvents.EpochProgress.SCHEMA,
                    trialId.substring(0, trialId.lastIndexOf('/')),
                    trialId, fold, epoch, 1.0 / epoch, 0.5 + epoch / 100.0, 1.1 / epoch, 0.5 + epoch / 110.0,
                    "gwtest-trainer"));
        }
        publish(TrainingEvents.EpochProgressBatch.ROUTING_KEY,
                new TrainingEvents.EpochProgressBatch(TrainingEvents.EpochProgressBatch.SCHEMA, points));
    }

    /** The heartbeat a trainer sends the moment it takes these trials. */
    void took(List<String> trialIds) throws IOException {
        String first = trialIds.get(0);
        publish(TrainingEvents.Heartbeat.ROUTING_KEY,
                new TrainingEvents.Heartbeat(TrainingEvents.Heartbeat.SCHEMA, "gwtest-trainer",
                        "test-host", "cpu: test", "cpu", first.substring(0, first.lastIndexOf('/')), first, trialIds, 0,
                        0,
                        System.currentTimeMillis(), System.currentTimeMillis(), false));
    }

    /** A trial's result as a trainer reports it: each fold trained {@code epochs} epochs, kept {@code bestEpoch}. */
    void trialDone(TrainingWork work, double accuracy, int bestEpoch) throws IOException {
        trialDone(work, accuracy, bestEpoch, false);
    }

    /**
     * As a trainer reports a trial; {@code diverged}: its last fold's loss became NaN at the epoch after {@code
     * bestEpoch}, so that fold scores 0 and has no loss, and the cell's mean counts it.
     */
    void trialDone(TrainingWork work, double accuracy, int bestEpoch, boolean diverged) throws IOException {
        Cell cell = work.cells().get(0);
        var folds = new ArrayList<TrainingEvents.Fold>();
        int repeats = work.search().repeats() == null ? 1 : work.search().repeats();
        int count = work.search().folds() * repeats;
        for (int f = 0; f < count; f++) {
            boolean blewUp = diverged && f == count - 1;
            var history = new ArrayList<double[]>();
            for (int e = 1; e <= bestEpoch + 2; e++) {
                history.add(new double[] { 1.0 / e, 0.8 + e * 0.001, 1.1 / e, accuracy });
            }
            folds.add(new TrainingEvents.Fold(f, f / work.search().folds(), 80, 10, 22, bestEpoch,
                    blewUp ? 0 : bestEpoch + 2,
                    blewUp ? bestEpoch + 1 : 0, blewUp ? 0 : accuracy, blewUp ? null : 0.1, history));
        }
        double mean = diverged ? accuracy * (count - 1) / count : accuracy;
        publish(TrainingEvents.TrialCompleted.ROUTING_KEY,
                new TrainingEvents.TrialCompleted(TrainingEvents.TrialCompleted.SCHEMA,
                        work.jobId(), work.trialId(), cell, mean, 0.01, mean - 0.02, Math.min(1, mean + 0.02),
                        diverged ? null : 1 - accuracy,
                        diverged, folds, "cpu: test", "double-1", 1.5, false));
    }

    void failed(TrainingWork work, String reason) throws IOException {
        publish(TrainingEvents.WorkFailed.ROUTING_KEY,
                new TrainingEvents.WorkFailed(TrainingEvents.WorkFailed.SCHEMA, work.jobId(),
                        work.trialId(), reason, "double-1"));
    }

    void modelDone(TrainingWork refit) throws IOException {
        modelDone(refit, "http://cdn.example:8083/media/" + "ab".repeat(32),
                "/var/lib/hud/models/" + refit.jobId() + "/oob.csv");
    }

    /**
     * The refit's model, its file and out-of-bag rows where the trainer put them (a cdn URL, or a local path); the
     * negative class "B" and the scaler's ranges of its two features.
     */
    void modelDone(TrainingWork refit, String modelLocation, String outOfBagLocation) throws IOException {
        publish(TrainingEvents.ModelCompleted.ROUTING_KEY, modelCompleted(refit, modelLocation, outOfBagLocation));
    }

    /**
     * The refit's model as trainers before the negative class and the scaler's ranges reported it, with a field of a
     * later trainer this gateway does not know.
     */
    void modelDoneAsAnOlderTrainer(TrainingWork refit) throws IOException {
        Map<String, Object> event = json.convertValue(modelCompleted(refit, "/var/lib/hud/models/m.zip", null),
                new TypeReference<Map<String, Object>>() {
                });
        event.remove("negativeClass");
        event.remove("scaler");
        event.put("someLaterField", List.of(1, 2));
        publish(TrainingEvents.ModelCompleted.ROUTING_KEY, event);
    }

    private static TrainingEvents.ModelCompleted modelCompleted(TrainingWork refit, String modelLocation,
            String outOfBagLocation) {
        return new TrainingEvents.ModelCompleted(TrainingEvents.ModelCompleted.SCHEMA,
                refit.jobId(), refit.jobId(), refit.cells().get(0), refit.refitEpochs(),
                new TrainingEvents.Metrics(0.98, 0.97, 0.96, 0.965, 0.99, 40, 1, 70, 2),
                List.of("mean_radius", "mean_texture"), "M", modelLocation, outOfBagLocation, "cpu: test",
                "double-1", 0.7, "B", new TrainingEvents.Scaler(List.of("mean_radius", "mean_texture"),
                        new double[] { 6.981, 9.71 }, new double[] { 28.11, 39.28 }));
    }

    /**
     * A one-cell job of this user trained to its registered model, its files where the trainer put them; returns the
     * model's id (the job's).
     */
    String registeredModel(String token, String modelLocation, String outOfBagLocation) throws Exception {
        return registeredModel(token, refit -> modelDone(refit, modelLocation, outOfBagLocation));
    }

    /** The same, its model reported by {@code trainer}. */
    String registeredModel(String token, Refitter trainer) throws Exception {
        String id = Api.submitted(token, """
                {"grid": {"learningRate": [0.02], "momentum": [0.4]}, "folds": 2, "epochs": 10}""");
        trialDone(take(id, 1, Duration.ofSeconds(10)).get(0), 0.95, 4);
        List<TrainingWork> refit = take(id, 1, Duration.ofSeconds(10));
        if (refit.isEmpty()) {
            throw new AssertionError("no refit of job " + id + " was sent");
        }
        trainer.modelDone(refit.get(0));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Api.status(token, id)));
        return id;
    }

    /** What a trainer publishes for a refit. */
    interface Refitter {
        void modelDone(TrainingWork refit) throws IOException;
    }

    /** As a trainer that takes one trial at a time reported it (no {@code currentTrials}). */
    void heartbeat(String workerId, String jobId, String trialId) throws IOException {
        heartbeat(workerId, jobId, trialId, null);
    }

    /** As a trainer working on a batch of trials reports it. */
    void heartbeat(String workerId, List<String> trialIds) throws IOException {
        String first = trialIds.get(0);
        heartbeat(workerId, first.substring(0, first.lastIndexOf('/')), first, trialIds);
    }

    private void heartbeat(String workerId, String jobId, String trialId, List<String> trialIds) throws IOException {
        long now = System.currentTimeMillis();
        publish(TrainingEvents.Heartbeat.ROUTING_KEY,
                new TrainingEvents.Heartbeat(TrainingEvents.Heartbeat.SCHEMA, workerId, "node-9",
                        "cpu: test", "cpu", jobId, trialId, trialIds, 0, 0, now - 1000, now, false));
    }

    /** The last heartbeat of a trainer that is shutting down: it says goodbye, naming the work it gives back. */
    void goodbye(String workerId, List<String> trialIds) throws IOException {
        String first = trialIds.get(0);
        long now = System.currentTimeMillis();
        publish(TrainingEvents.Heartbeat.ROUTING_KEY,
                new TrainingEvents.Heartbeat(TrainingEvents.Heartbeat.SCHEMA, workerId, "node-9", "cpu: test", "cpu",
                        first.substring(0, first.lastIndexOf('/')), first, trialIds, 0, 0, now - 1000, now, true));
    }

    /** A fresh queue bound to a fanout exchange, to see what the gateway publishes there. */
    String listen(String exchange) throws IOException {
        channel.exchangeDeclare(exchange, "fanout", true);
        String queue = channel.queueDeclare().getQueue();
        String routingKey = "";
        channel.queueBind(queue, exchange, routingKey);
        return queue;
    }

    /** The next message of a queue within the time, or null. */
    GetResponse next(String queue, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null) {
                return response;
            }
            Thread.sleep(50);
        }
        return null;
    }

    static String text(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    static Object header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return headers == null || headers.get(name) == null ? null : headers.get(name).toString();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        connection.close();
    }
}
