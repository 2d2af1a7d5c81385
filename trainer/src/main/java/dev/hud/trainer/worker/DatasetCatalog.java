package dev.hud.trainer.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import dev.hud.trainer.TrainerConfig;

/** The data sets a job may name: the built-in "wdbc", or a CSV file in the configured data folder. */
@ApplicationScoped
class DatasetCatalog {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Optional<Path> folder;
    private final Dataset wdbc = CsvDatasetReader.wdbc();

    DatasetCatalog(TrainerConfig config) {
        this.folder = config.dataDir();
    }

    Dataset load(String name, String label, String positiveClass) {
        if (name == null || name.equals(CsvDatasetReader.BUILT_IN)) {
            if (label != null && !label.equals(wdbc.labelName())
                    || positiveClass != null && !positiveClass.equals(wdbc.positiveClass())) {
                throw new InvalidWorkException(
                        "the built-in wdbc data set has label 'diagnosis' and positive class 'M'");
            }
            return wdbc;
        }
        if (!NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new InvalidWorkException("dataset '" + name + "' is not a plain file name");
        }
        Path file = folder.map(dir -> dir.resolve(name.endsWith(".csv") ? name : name + ".csv"))
                .orElseThrow(() -> new InvalidWorkException(
                        "dataset '" + name + "' is unknown: this trainer has no data folder"));
        if (!Files.isRegularFile(file)) {
            throw new InvalidWorkException("dataset '" + name + "' is not in the trainer's data folder");
        }
        return CsvDatasetReader.read(file, label == null ? "diagnosis" : label, Optional.ofNullable(positiveClass));
    }
}
