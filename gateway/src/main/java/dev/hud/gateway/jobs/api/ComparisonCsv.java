package dev.hud.gateway.jobs.api;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The comparison table as CSV (RFC 4180, written with Commons CSV: CRLF, a cell with a comma, quote or line break
 * quoted): one header row, one row per job, as the page shows them. Lists (hidden units, dropouts, dropped features,
 * devices) are one cell each, their values separated by spaces.
 */
final class ComparisonCsv {

    static final String MEDIA_TYPE = "text/csv";

    static final List<String> HEADER = List.of("job", "name", "owner", "dataset", "grid", "cells", "folds", "repeats",
            "early_stopping_patience", "hidden_units", "dropout", "top_k", "dropped_features", "device", "devices",
            "wall_seconds", "cv_accuracy", "cv_std", "cv_low", "cv_high", "holdout_accuracy", "best_learning_rate",
            "best_momentum", "best_batch_size", "best_epochs", "best_optimizer", "finished_at");

    private ComparisonCsv() {
    }

    static String write(List<JobComparisons.Comparison> rows) {
        var out = new StringWriter();
        try (var csv = new CSVPrinter(out,
                CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (var row : rows) {
                var best = row.best();
                csv.printRecord(row.id(), row.name(), row.owner(), row.dataset(), row.grid(), row.cells(), row.folds(),
                        row.repeats(), row.earlyStoppingPatience(), spaced(row.hidden()), spaced(row.dropout()),
                        row.topK(), spaced(row.drop()), row.device(), spaced(row.devices()), row.wallSeconds(),
                        row.cvAccuracy(), row.cvStd(), row.cvLow(), row.cvHigh(), row.holdoutAccuracy(),
                        best.learningRate(), best.momentum(), best.batchSize(), best.epochs(), best.optimizer(),
                        row.finishedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String spaced(List<?> values) {
        return values == null ? "" : values.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
