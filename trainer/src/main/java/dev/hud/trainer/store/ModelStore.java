package dev.hud.trainer.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.model.Dl4jModels;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.ResultFiles;

/**
 * Registered models under {@code <state-dir>/models/<model id>/}: model.zip (DL4J, with its scaler),
 * oob.csv (the held-out rows) and model.json (its {@link ModelCard}). A model folder appears whole:
 * it is written under a temporary name and renamed.
 */
@ApplicationScoped
public class ModelStore {

    public static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final String CARD = "model.json";

    private final Path folder;
    private final ObjectMapper json;

    ModelStore(TrainerConfig config, ObjectMapper json) {
        this.folder = config.stateDir().resolve("models");
        this.json = json;
    }

    public Path save(ModelCard card, GridSearch.Refit refit, Experiment experiment) {
        Path target = folder.resolve(card.modelId());
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempDirectory(folder, ".model-");
            Dl4jModels.save(refit.network(), experiment.full().scaler(), partial.resolve(ResultFiles.MODEL));
            ResultFiles.writeOutOfBag(partial.resolve(ResultFiles.OUT_OF_BAG), experiment);
            json.writeValue(partial.resolve(CARD).toFile(), card);
            if (Files.exists(target)) {
                delete(target);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<ModelCard> card(String modelId) {
        if (!MODEL_ID.matcher(modelId).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(modelId).resolve(CARD);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), ModelCard.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path modelFile(String modelId) {
        return folder.resolve(modelId).resolve(ResultFiles.MODEL);
    }

    public Path outOfBagFile(String modelId) {
        return folder.resolve(modelId).resolve(ResultFiles.OUT_OF_BAG);
    }

    /** A folder and everything in it. */
    public static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
