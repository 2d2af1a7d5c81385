package dev.hud.gateway.datasets;

import java.util.List;

import dev.hud.common.messages.BuiltInDatasets;

/**
 * A data set a job may train on, as the job's messages name it.
 *
 * @param id            what the job request named (and the job shows)
 * @param reference     what the trainers resolve: {@code wdbc}, a file of their data folder, or {@code sha256:<hex>},
 *                      the cleaned CSV on the cdn
 * @param label         the label column (null: the trainers' default)
 * @param positiveClass null: the trainers' default
 * @param features      its feature names, when the gateway knows them (to check a job's dropped features)
 */
public record TrainableDataset(String id, String reference, String label, String positiveClass,
        List<String> features) {

    public static final TrainableDataset WDBC = new TrainableDataset(BuiltInDatasets.WDBC, BuiltInDatasets.WDBC, null,
            null, BuiltInDatasets.WDBC_FEATURES);

    /** A CSV an operator placed in the trainers' data folder: only its name is known here. */
    public static TrainableDataset placed(String name) {
        return new TrainableDataset(name, name, null, null, null);
    }

    static TrainableDataset of(UploadedDataset dataset) {
        return new TrainableDataset(dataset.id, "sha256:" + dataset.sha256, dataset.label, dataset.positiveClass,
                dataset.features);
    }
}
