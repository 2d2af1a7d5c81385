package dev.hud.trainer.cli;

import java.nio.file.Path;
import java.util.Optional;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.data.Dataset;
import picocli.CommandLine.Option;

/** Where the data comes from: the built-in breast-cancer set, or any CSV with a label column. */
final class DataOptions {

    @Option(names = "--data", description = "CSV file with a header row; default: the built-in wdbc data set")
    Path file;

    @Option(names = "--label", defaultValue = "diagnosis", description = "label column (default: ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--positive",
            description = "label value of the positive class (default: M for wdbc, else the rarer class)")
    String positive;

    Dataset load() {
        return file == null ? CsvDatasetReader.wdbc()
                : CsvDatasetReader.read(file, label, Optional.ofNullable(positive));
    }

    String name() {
        return file == null ? CsvDatasetReader.BUILT_IN : file.toString();
    }
}
