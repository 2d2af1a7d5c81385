package dev.hud.trainer.search;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.hud.trainer.model.Dl4jModels;

/**
 * The files a search leaves behind: the model (DL4J format, with its scaler), the out-of-bag rows
 * it was evaluated on (as CSV, original values and labels), and the report.
 */
public final class ResultFiles {

    public static final String MODEL = "model.zip";
    public static final String OUT_OF_BAG = "oob.csv";
    public static final String REPORT = "report.json";

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    public static void write(Path folder, GridSearch search, GridSearch.Refit refit, SearchReport report)
            throws IOException {
        Dl4jModels.save(refit.network(), search.experiment().full().scaler(), folder.resolve(MODEL));
        writeOutOfBag(folder.resolve(OUT_OF_BAG), search.experiment());
        JSON.writeValue(folder.resolve(REPORT).toFile(), report);
    }

    /** The held-out rows as the data set has them: the selected features and the label's own values. */
    public static void writeOutOfBag(Path file, Experiment experiment) throws IOException {
        var data = experiment.data();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", data.featureNames()) + "," + data.labelName() + "\n");
            for (int row : experiment.holdout().test()) {
                StringBuilder line = new StringBuilder();
                for (double value : data.features()[row]) {
                    line.append(value).append(',');
                }
                line.append(data.labels()[row] == 1 ? data.positiveClass() : data.negativeClass()).append('\n');
                out.write(line.toString());
            }
        }
    }
}
