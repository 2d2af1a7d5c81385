package dev.hud.common.messages;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What trainers report, on the topic exchange {@code hud.events}; the routing key of each record is
 * its {@code ROUTING_KEY}.
 */
public final class TrainingEvents {

    private TrainingEvents() {
    }

    /** One epoch of one fold of one trial: the points of the learning curves. */
    public record EpochProgress(String schema, String jobId, String trialId, int fold, int epoch, double trainLoss,
            double trainAccuracy, double validationLoss, double validationAccuracy, String workerId) {
        public static final String SCHEMA = "hud.epoch-progress/v1";
        public static final String ROUTING_KEY = "training.progress";
    }

    /**
     * Many points of the learning curves at once: a trainer gathers its {@link EpochProgress} events for a fraction of
     * a second and sends them in one message (per-epoch messages cost the broker and the gateways more CPU than the
     * training).
     */
    public record EpochProgressBatch(String schema, List<EpochProgress> points) {
        public static final String SCHEMA = "hud.epoch-progress-batch/v1";
        public static final String ROUTING_KEY = "training.progress-batch";
    }

    /**
     * One fold's outcome, and what decided what. {@code history} has one entry per epoch trained:
     * [trainLoss, trainAcc, valLoss, valAcc], then [esLoss, esAcc] when early stopping watched its own rows.
     *
     * @param fold               0-based, counted across repeats (repeat x folds + fold)
     * @param repeat             0-based repeat of the k-fold split (null from trainers before repeats)
     * @param trainRows          rows trained on; with {@code earlyStoppingRows}, the fold's training rows
     * @param earlyStoppingRows  rows whose loss decided early stopping (0 without it)
     * @param scoredRows         the fold's rows, which only score the kept weights
     * @param divergedEpoch      epoch at which the loss became NaN or infinite (0 or null: never)
     * @param validationLoss     null for a diverged fold (its accuracy counts as 0)
     */
    public record Fold(int fold, Integer repeat, Integer trainRows, Integer earlyStoppingRows, Integer scoredRows,
            int bestEpoch,
            int stoppedEpoch, Integer divergedEpoch, double validationAccuracy, Double validationLoss,
            List<double[]> history) {
    }

    /**
     * A cross-validated cell: mean and population std of its folds' accuracy over all repeats, and a 95% interval for
     * the mean (corrected resampled t; null from trainers before it).
     *
     * @param meanLoss  null when a fold diverged
     * @param diverged  some fold's loss became NaN or infinite: never the best cell
     * @param replayed  true when a redelivered trial's stored result was published again instead of recomputed
     */
    public record TrialCompleted(String schema, String jobId, String trialId, Cell cell, double meanAccuracy,
            double stdAccuracy, Double intervalLow, Double intervalHigh, Double meanLoss, boolean diverged,
            List<Fold> folds,
            String device, String workerId, double wallSeconds, boolean replayed) {
        public static final String SCHEMA = "hud.trial-completed/v1";
        public static final String ROUTING_KEY = "training.trial";
    }

    /** Holdout metrics of a registered model, at threshold 0.5. */
    public record Metrics(double accuracy, double precision, double recall, double f1, double rocAuc, int truePositives,
            int falsePositives, int trueNegatives, int falseNegatives) {
    }

    /**
     * The MinMax scaler a model was trained with: per feature it keeps, in the model's feature order, the minimum and
     * maximum of the training rows, which it maps to 0 and 1 (a range below 1e-5 counts as 1e-5).
     */
    public record Scaler(List<String> features, double[] min, double[] max) {

        /** By content (a record compares arrays by identity): also how a stored one is found unchanged. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Scaler that && Objects.equals(features, that.features)
                    && Arrays.equals(min, that.min) && Arrays.equals(max, that.max);
        }

        @Override
        public int hashCode() {
            return Objects.hash(features, Arrays.hashCode(min), Arrays.hashCode(max));
        }

        @Override
        public String toString() {
            return "Scaler[features=" + features + ", min=" + Arrays.toString(min) + ", max=" + Arrays.toString(max)
                    + "]";
        }
    }

    /**
     * A model trained on all training rows and evaluated on the held-out rows.
     *
     * <p>
     * {@code negativeClass} and {@code scaler} came after the first trainers and are optional: they only add to what
     * the model's card shows, and no field changed its meaning, so the schema stays v1. A reader that does not know
     * them ignores them (gateways read events with unknown properties allowed); one that does reads them as null
     * from older trainers.
     *
     * @param modelLocation  where model.zip is: a media URL, or a path in the trainers' model folder
     * @param negativeClass  the label value the model's 0 means (null from trainers before it)
     * @param scaler         the ranges of its MinMax scaler (null from trainers before it)
     */
    public record ModelCompleted(String schema, String jobId, String modelId, Cell cell, int refitEpochs,
            Metrics holdout,
            List<String> features, String positiveClass, String modelLocation, String outOfBagLocation, String device,
            String workerId, double wallSeconds, String negativeClass, Scaler scaler) {
        public static final String SCHEMA = "hud.model-completed/v1";
        public static final String ROUTING_KEY = "training.model";
    }

    /** Work that could not be done, with the reason (it is also dead-lettered when the message itself was bad). */
    public record WorkFailed(String schema, String jobId, String trialId, String reason, String workerId) {
        public static final String SCHEMA = "hud.work-failed/v1";
        public static final String ROUTING_KEY = "training.failed";
    }

    /** Work stopped because its job was cancelled. */
    public record WorkCancelled(String schema, String jobId, String trialId, String workerId) {
        public static final String SCHEMA = "hud.work-cancelled/v1";
        public static final String ROUTING_KEY = "training.cancelled";
    }

    /**
     * Sent every few seconds by every trainer, and once when it stops ({@code stopping}). {@code currentTrials}: every
     * trial of the batch in hand (ids {@code <jobId>/<index>}; null from trainers that took one at a time: {@code
     * currentTrial} then).
     */
    public record Heartbeat(String schema, String workerId, String host, String device, String deviceKind,
            String currentJob,
            String currentTrial, List<String> currentTrials, long completed, long failed, long startedAt, long sentAt,
            boolean stopping) {
        public static final String SCHEMA = "hud.heartbeat/v1";
        public static final String ROUTING_KEY = "worker.heartbeat";
    }

    /** On the fanout exchange {@code hud.control}: every trainer stops the job's work at its next epoch. */
    public record CancelJob(String schema, String jobId) {
        public static final String SCHEMA = "hud.cancel-job/v1";
    }

    /** The record each trainer's routing key on {@code hud.events} carries. */
    private static final Map<String, Class<?>> BY_ROUTING_KEY = Map.of(EpochProgress.ROUTING_KEY, EpochProgress.class,
            EpochProgressBatch.ROUTING_KEY, EpochProgressBatch.class, TrialCompleted.ROUTING_KEY, TrialCompleted.class,
            ModelCompleted.ROUTING_KEY, ModelCompleted.class, WorkFailed.ROUTING_KEY, WorkFailed.class,
            WorkCancelled.ROUTING_KEY, WorkCancelled.class, Heartbeat.ROUTING_KEY, Heartbeat.class);

    /**
     * A trainer's event read from its body into the record its routing key names; empty when the key is none of a
     * trainer's events. Throws when the body is not that record's JSON.
     */
    public static Optional<Object> read(ObjectMapper json, String routingKey, byte[] body) throws IOException {
        Class<?> type = BY_ROUTING_KEY.get(routingKey);
        return type == null ? Optional.empty() : Optional.of(json.readValue(body, type));
    }
}
