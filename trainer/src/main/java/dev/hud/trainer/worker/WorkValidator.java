package dev.hud.trainer.worker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.data.DatasetException;
import dev.hud.common.data.FeatureSelection;
import dev.hud.common.messages.Cell;
import dev.hud.common.messages.SearchSpec;
import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.model.EarlyStopping;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.search.SearchSettings;

/**
 * Turns a work message into a {@link WorkPlan}, or explains in one sentence why it never can be:
 * unknown schema or kind, missing ids, the wrong number of cells, impossible values.
 */
@ApplicationScoped
class WorkValidator {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern TRIAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}(/[A-Za-z0-9._:-]{1,64})?");

    private final TrainerConfig config;
    private final DatasetCatalog datasets;

    WorkValidator(TrainerConfig config, DatasetCatalog datasets) {
        this.config = config;
        this.datasets = datasets;
    }

    WorkPlan validate(TrainingWork work) {
        if (!TrainingWork.SCHEMA.equals(work.schema()) && !TrainingWork.SCHEMA_V1.equals(work.schema())) {
            throw new InvalidWorkException(
                    "unsupported schema '" + work.schema() + "', expected " + TrainingWork.SCHEMA);
        }
        if (work.jobId() == null || !ID.matcher(work.jobId()).matches()) {
            throw new InvalidWorkException("jobId must match " + ID.pattern() + ", got '" + work.jobId() + "'");
        }
        List<Cell> cells = work.cells() == null ? List.of() : work.cells();
        switch (work.kind() == null ? "" : work.kind()) {
            case TrainingWork.TRIAL -> {
                if (work.trialId() == null || !TRIAL_ID.matcher(work.trialId()).matches()) {
                    throw new InvalidWorkException(
                            "trialId must match " + TRIAL_ID.pattern() + ", got '" + work.trialId() + "'");
                }
                requireOneCell(cells, "trial");
            }
            case TrainingWork.REFIT -> {
                requireOneCell(cells, "refit");
                if (work.refitEpochs() != null && (work.refitEpochs() < 1 || work.refitEpochs() > config.maxEpochs())) {
                    throw new InvalidWorkException(
                            "refitEpochs must be 1 to " + config.maxEpochs() + ", got " + work.refitEpochs());
                }
            }
            default -> throw new InvalidWorkException("kind must be trial or refit, got '" + work.kind() + "'");
        }
        if (work.search() == null) {
            throw new InvalidWorkException("search is missing");
        }
        try {
            List<Hyperparameters> hyperparameters = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                Hyperparameters hp = Conversions.hyperparameters(cells.get(i), work.schema());
                if (hp.epochs() > config.maxEpochs()) {
                    throw new InvalidWorkException(
                            "cells[" + i + "].epochs is " + hp.epochs() + ", more than " + config.maxEpochs());
                }
                hyperparameters.add(hp);
            }
            SearchSpec search = work.search();
            var settings = settings(search);
            var dataset = datasets.load(search.dataset(), search.label(), search.positiveClass());
            return new WorkPlan(work, dataset, settings, List.copyOf(hyperparameters));
        } catch (IllegalArgumentException | DatasetException e) {
            throw new InvalidWorkException(e.getMessage());
        }
    }

    private SearchSettings settings(SearchSpec search) {
        Integer patience = search.earlyStoppingPatience();
        var stopping = patience == null || patience == 0 ? null
                : new EarlyStopping(patience,
                        search.earlyStoppingMinDelta() == null ? 0 : search.earlyStoppingMinDelta(),
                        search.earlyStoppingValidationFraction() == null ? EarlyStopping.DEFAULT_VALIDATION_FRACTION
                                : search.earlyStoppingValidationFraction());
        if (search.hidden() != null && search.dropout() == null) {
            throw new IllegalArgumentException("search.dropout must give one ratio per hidden layer");
        }
        var network = search.hidden() == null ? NetworkSpec.DEFAULT
                : new NetworkSpec(search.hidden(), search.dropout());
        var selection = new FeatureSelection(search.topK() == null ? 0 : search.topK(),
                search.drop() == null ? Set.of() : new HashSet<>(search.drop()));
        return new SearchSettings(search.folds(), search.repeats() == null ? 1 : search.repeats(),
                search.holdoutFraction(), stopping,
                selection, network, search.seed(),
                config.parallelism().orElse(SearchSettings.DEFAULT_PARALLELISM));
    }

    private static void requireOneCell(List<Cell> cells, String kind) {
        if (cells.size() != 1) {
            throw new InvalidWorkException("a " + kind + " carries exactly one cell, got " + cells.size());
        }
    }
}
