package dev.hud.gateway.jobs.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST /api/training-jobs}. Every field but {@code grid} has a default
 * ({@link JobRequestValidator}); unknown fields are refused, so a misspelt one is never silently ignored
 * ({@code TrainingJobsResource} reads it strictly).
 *
 * @param grid     the values to search: every combination is a cell (a trial)
 * @param repeats  repeated stratified k-fold: the folds are drawn this many times, each trial scored over all of them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(String name, String dataset, String device, Grid grid, Integer folds, Integer repeats,
        Integer epochs,
        Integer batchSize, String optimizer, EarlyStopping earlyStopping, Features features, Network network,
        Double holdoutFraction,
        Long seed) {

    /** Learning rate and momentum are required; the others default to the job's single value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Grid(List<Double> learningRate, List<Double> momentum, List<Integer> batchSize, List<Integer> epochs,
            List<String> optimizer) {
    }

    /**
     * Stop a fold when the loss on its early-stopping rows ({@code validationFraction} of its training rows, never the
     * rows it is scored on) has not improved by more than {@code minDelta} for {@code patience} epochs.
     */
    public record EarlyStopping(Integer patience, Double minDelta, Double validationFraction) {
    }

    /** Keep the {@code topK} most relevant features (0: all), leave out those in {@code drop}. */
    public record Features(Integer topK, List<String> drop) {
    }

    /** Hidden layer sizes, and the dropout after each. */
    public record Network(List<Integer> hidden, List<Double> dropout) {
    }
}
