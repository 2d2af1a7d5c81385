package dev.hud.trainer.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.TrainingEvents.TrialCompleted;
import dev.hud.trainer.TrainerConfig;

/**
 * Completed trials by id, as files under {@code <state-dir>/trials}, written before their result is
 * published. A redelivered trial (its worker died after publishing, before acknowledging) is found
 * here and published again instead of being trained again.
 */
@ApplicationScoped
public class TrialResultStore {

    private final Path folder;
    private final ObjectMapper json;

    TrialResultStore(TrainerConfig config, ObjectMapper json) {
        this.folder = config.stateDir().resolve("trials");
        this.json = json;
    }

    public Optional<TrialCompleted> find(String trialId) {
        Path file = file(trialId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), TrialCompleted.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored trial " + file, e);
        }
    }

    /** Appears whole or not at all: written beside, then renamed. */
    public void save(TrialCompleted result) {
        try {
            Files.createDirectories(folder);
            Path file = file(result.trialId());
            Path partial = Files.createTempFile(folder, ".trial", ".partial");
            json.writeValue(partial.toFile(), result);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String trialId) {
        // Trial ids are checked to [A-Za-z0-9._:/-]; '/' separates job and cell.
        return folder.resolve(trialId.replace("/", "__") + ".json");
    }
}
