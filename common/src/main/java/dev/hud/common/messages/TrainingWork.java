package dev.hud.common.messages;

import java.util.List;

/**
 * Work for a trainer, on the durable queue of its device kind ({@code hud.training.cpu} or
 * {@code .gpu}). A job is one {@code trial} message per cell, then one {@code refit} of the best.
 *
 * <ul>
 * <li>{@code trial}: cross-validate {@code cells[0]} as trial {@code trialId}: one message per cell lets
 * many replicas share one grid.</li>
 * <li>{@code refit}: train {@code cells[0]} on all training rows for {@code refitEpochs} epochs,
 * evaluate it on the held-out rows and register the model {@code <jobId>}.</li>
 * </ul>
 *
 * @param jobTrials  with {@code trial}: how many trial messages the job has in all, so that a trainer holding all of
 *                   them starts at once instead of waiting for the queue to go quiet (null from gateways before it)
 */
public record TrainingWork(String schema, String jobId, String kind, String trialId, List<Cell> cells,
        Integer refitEpochs,
        SearchSpec search, Integer jobTrials) {

    /**
     * v2: {@code sgd} is classical momentum and {@code nesterov} is Nesterov's; repeats and the early-stopping split.
     */
    public static final String SCHEMA = "hud.training-work/v2";
    /** Still read: its {@code sgd} means Nesterov momentum (what trainers of v1 trained). */
    public static final String SCHEMA_V1 = "hud.training-work/v1";
    public static final String TRIAL = "trial";
    public static final String REFIT = "refit";
}
