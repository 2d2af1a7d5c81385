package dev.hud.gateway.jobs.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.BuiltInDatasets;
import dev.hud.common.messages.Cell;
import dev.hud.common.messages.SearchSpec;
import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.datasets.TrainableDataset;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.JobsConfig;

/**
 * Checks a job request against every rule at once and fills in the defaults; a 400 names each field
 * at fault ({@code grid.learningRate[2]}, {@code folds}).
 */
@ApplicationScoped
public class JobRequestValidator {

    /** sgd: classical momentum (Keras' SGD, the seed's); nesterov: Nesterov momentum (DL4J's Nesterovs). */
    static final List<String> OPTIMIZERS = List.of("sgd", "nesterov", "rmsprop", "adam");
    static final int DEFAULT_FOLDS = 5;
    static final int MAX_REPEATS = 10;
    static final double DEFAULT_EARLY_STOPPING_FRACTION = 0.1;
    static final int DEFAULT_EPOCHS = 55;
    static final int DEFAULT_BATCH = 5;
    /** Also the split the data page profiles a data set with ({@code DatasetProfile}): a job's default one. */
    public static final double DEFAULT_HOLDOUT = 0.2;
    public static final long DEFAULT_SEED = 42;
    static final List<Integer> DEFAULT_HIDDEN = List.of(16, 16);
    static final List<Double> DEFAULT_DROPOUT = List.of(0.1, 0.1);
    static final int MAX_BATCH = 1024;
    static final int MAX_LAYERS = 8;
    static final int MAX_UNITS = 1024;
    /** Feature names a job may drop, and their length: a data set of more columns is not one HUD takes. */
    static final int MAX_FEATURES = 1000;
    static final int MAX_FEATURE_NAME = 64;

    private final JobsConfig config;

    JobRequestValidator(JobsConfig config) {
        this.config = config;
    }

    /** A request on the built-in data set or a file an operator placed (the scheduled retrain's). */
    public JobPlan check(JobRequest request) {
        String dataset = request == null || request.dataset() == null ? BuiltInDatasets.WDBC : request.dataset();
        if (BuiltInDatasets.WDBC.equals(dataset)) {
            return check(request, TrainableDataset.WDBC);
        }
        if (!config.datasets().contains(dataset)) {
            throw ProblemException.invalid("dataset", "one of " + config.datasets());
        }
        return check(request, TrainableDataset.placed(dataset));
    }

    /** @param data the data set the request names, resolved (and its use allowed) by {@code DatasetCatalog} */
    public JobPlan check(JobRequest request, TrainableDataset data) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON object describing the job");
        }
        var errors = new ArrayList<FieldError>();
        String name = request.name() == null ? null : request.name().strip();
        if (name != null && name.length() > 120) {
            errors.add(new FieldError("name", "at most 120 characters"));
        }
        String dataset = data.id();
        String device = request.device() == null ? "cpu" : request.device();
        if (!config.queueKinds().containsKey(device)) {
            errors.add(new FieldError("device", "one of " + config.queueKinds().keySet().stream().sorted().toList()));
        }
        int folds = orDefault(request.folds(), DEFAULT_FOLDS);
        range(errors, "folds", folds, 2, 20);
        int repeats = orDefault(request.repeats(), 1);
        range(errors, "repeats", repeats, 1, MAX_REPEATS);
        int epochs = orDefault(request.epochs(), DEFAULT_EPOCHS);
        range(errors, "epochs", epochs, 1, config.maxEpochs());
        int batch = orDefault(request.batchSize(), DEFAULT_BATCH);
        range(errors, "batchSize", batch, 1, MAX_BATCH);
        String optimizer = request.optimizer() == null ? "sgd" : request.optimizer();
        if (!OPTIMIZERS.contains(optimizer)) {
            errors.add(new FieldError("optimizer", "one of " + OPTIMIZERS));
        }

        var grid = request.grid();
        List<Double> rates = List.of();
        List<Double> momenta = List.of();
        List<Integer> batches = List.of(batch);
        List<Integer> epochCounts = List.of(epochs);
        List<String> optimizers = List.of(optimizer);
        if (grid == null) {
            errors.add(new FieldError("grid", "required: {\"learningRate\": [...], \"momentum\": [...]}"));
        } else {
            int axis = config.maxCells(); // no axis of a grid can be longer than the grid may be
            rates = values(errors, "grid.learningRate", grid.learningRate(), true, axis,
                    v -> v != null && v > 0 && v <= 10,
                    "a number above 0 and at most 10");
            momenta = values(errors, "grid.momentum", grid.momentum(), true, axis, v -> v != null && v >= 0 && v < 1,
                    "a number from 0 to below 1");
            if (grid.batchSize() != null) {
                batches = values(errors, "grid.batchSize", grid.batchSize(), true, axis,
                        v -> v != null && v >= 1 && v <= MAX_BATCH,
                        "a whole number from 1 to " + MAX_BATCH);
            }
            if (grid.epochs() != null) {
                epochCounts = values(errors, "grid.epochs", grid.epochs(), true, axis,
                        v -> v != null && v >= 1 && v <= config.maxEpochs(),
                        "a whole number from 1 to " + config.maxEpochs());
            }
            if (grid.optimizer() != null) {
                optimizers = values(errors, "grid.optimizer", grid.optimizer(), true, axis, OPTIMIZERS::contains,
                        "one of " + OPTIMIZERS);
            }
            long cells = (long) Math.max(1, rates.size()) * Math.max(1, momenta.size()) * batches.size()
                    * epochCounts.size()
                    * optimizers.size();
            if (cells > config.maxCells()) {
                errors.add(new FieldError("grid", cells + " cells; at most " + config.maxCells()));
            }
        }

        Integer patience = null;
        Double minDelta = null;
        Double stoppingFraction = null;
        if (request.earlyStopping() != null) {
            patience = request.earlyStopping().patience();
            minDelta = request.earlyStopping().minDelta() == null ? 0.0 : request.earlyStopping().minDelta();
            stoppingFraction = request.earlyStopping().validationFraction() == null ? DEFAULT_EARLY_STOPPING_FRACTION
                    : request.earlyStopping().validationFraction();
            if (!(stoppingFraction >= 0.05 && stoppingFraction <= 0.5)) {
                errors.add(new FieldError("earlyStopping.validationFraction",
                        "a fraction from 0.05 to 0.5 of each fold's training rows, to decide early stopping"));
            }
            if (patience == null) {
                errors.add(new FieldError("earlyStopping.patience",
                        "required with earlyStopping: epochs without improvement, 1 to 1000"));
            } else {
                range(errors, "earlyStopping.patience", patience, 1, 1000);
            }
            if (minDelta < 0 || minDelta > 1 || minDelta.isNaN()) {
                errors.add(new FieldError("earlyStopping.minDelta", "a number from 0 to 1"));
            }
        }

        Integer topK = null;
        List<String> drop = List.of();
        if (request.features() != null) {
            topK = request.features().topK();
            if (topK != null) {
                range(errors, "features.topK", topK, 0, 1000);
            }
            if (request.features().drop() != null) {
                // Built-in and uploaded data sets' names are known here; placed files' are checked by the trainer.
                List<String> known = data.features();
                drop = values(errors, "features.drop", request.features().drop(), false,
                        known == null ? MAX_FEATURES : known.size() - 1,
                        v -> v != null && !v.isBlank() && v.length() <= MAX_FEATURE_NAME
                                && (known == null || known.contains(v)),
                        known == null ? "a feature name of at most " + MAX_FEATURE_NAME + " characters"
                                : "a feature of " + dataset);
            }
        }

        List<Integer> hidden = DEFAULT_HIDDEN;
        List<Double> dropout = DEFAULT_DROPOUT;
        if (request.network() != null) {
            if (request.network().hidden() != null) {
                hidden = values(errors, "network.hidden", request.network().hidden(), true, false, MAX_LAYERS,
                        v -> v != null && v >= 1 && v <= MAX_UNITS, "a layer size from 1 to " + MAX_UNITS);
                if (hidden.size() > MAX_LAYERS) {
                    errors.add(new FieldError("network.hidden", "at most " + MAX_LAYERS + " layers"));
                }
            }
            if (request.network().dropout() != null) {
                dropout = values(errors, "network.dropout", request.network().dropout(), false, false, MAX_LAYERS,
                        v -> v != null && v >= 0 && v < 1,
                        "a ratio from 0 to below 1");
            } else {
                dropout = hidden.stream().map(h -> 0.0).toList();
            }
            if (dropout.size() != hidden.size()) {
                errors.add(new FieldError("network.dropout", "one ratio per hidden layer (" + hidden.size() + ")"));
            }
        }

        double holdout = request.holdoutFraction() == null ? DEFAULT_HOLDOUT : request.holdoutFraction();
        if (!(holdout >= 0.05 && holdout <= 0.5)) {
            errors.add(new FieldError("holdoutFraction", "a fraction from 0.05 to 0.5"));
        }
        long seed = request.seed() == null ? DEFAULT_SEED : request.seed();

        // A job's whole work, in epochs of single fits: every cell's epochs, over every fold of every repeat.
        long fitEpochs = (long) rates.size() * momenta.size() * batches.size() * optimizers.size() * folds * repeats
                * epochCounts.stream().mapToLong(Integer::longValue).sum();
        if (errors.isEmpty()) {
            if (fitEpochs > config.maxFitEpochs()) {
                errors.add(new FieldError("grid",
                        "cells x folds x repeats x epochs = " + fitEpochs + " epochs of training; at most "
                                + config.maxFitEpochs() + " per job"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var cells = new ArrayList<Cell>();
        for (String opt : optimizers) {
            for (int e : epochCounts) {
                for (int b : batches) {
                    for (double lr : rates) {
                        for (double m : momenta) {
                            cells.add(new Cell(lr, m, b, e, opt));
                        }
                    }
                }
            }
        }
        var search = new SearchSpec(data.reference(), data.label(), data.positiveClass(), folds, repeats, holdout, seed,
                patience, minDelta,
                stoppingFraction,
                hidden.stream().mapToInt(Integer::intValue).toArray(),
                dropout.stream().mapToDouble(Double::doubleValue).toArray(),
                topK, drop);
        var normalized = new JobRequest(name, dataset, device,
                new JobRequest.Grid(rates, momenta, batches, epochCounts, optimizers), folds, repeats, epochs, batch,
                optimizer,
                patience == null ? null : new JobRequest.EarlyStopping(patience, minDelta, stoppingFraction),
                new JobRequest.Features(topK == null ? 0 : topK, drop), new JobRequest.Network(hidden, dropout),
                holdout, seed);
        return new JobPlan(name, dataset, device, List.copyOf(cells), search, normalized, fitEpochs);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static void range(List<FieldError> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "from " + min + " to " + max + ", got " + value));
        }
    }

    /** Grid and feature lists: a repeated value would only repeat a cell, so it is refused. */
    private static <T> List<T> values(List<FieldError> errors, String field, List<T> values, boolean required, int max,
            Predicate<T> valid, String expected) {
        return values(errors, field, values, required, true, max, valid, expected);
    }

    /**
     * Each value checked and named by its index; a list longer than {@code max} is one error, not one per value (a long
     * list of bad values would otherwise make an answer as long).
     */
    private static <T> List<T> values(List<FieldError> errors, String field, List<T> values, boolean required,
            boolean distinct,
            int max, Predicate<T> valid, String expected) {
        if (values == null || values.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "at least one value"));
            }
            return values == null ? List.of() : values;
        }
        if (values.size() > max) {
            errors.add(new FieldError(field, "at most " + max + " values, got " + values.size()));
            return List.of();
        }
        var seen = new HashSet<T>();
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            if (!valid.test(value)) {
                errors.add(new FieldError(field + "[" + i + "]",
                        expected + (value == null ? "" : ", got " + shortened(value))));
            } else if (distinct && !seen.add(value)) {
                errors.add(new FieldError(field + "[" + i + "]", "repeats " + value));
            }
        }
        return values;
    }

    /** A rejected value as an error quotes it: no longer than a field could be. */
    private static String shortened(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_FEATURE_NAME ? text : text.substring(0, MAX_FEATURE_NAME) + "...";
    }
}
