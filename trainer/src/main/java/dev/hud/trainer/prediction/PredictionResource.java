package dev.hud.trainer.prediction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hud.common.json.StrictJson;
import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;
import dev.hud.trainer.store.ModelCard;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

/**
 * Classifies rows with a registered model, scaling them with the scaler saved beside it.
 * Errors name the row and feature at fault. Only with a token the gateway signed: its own, made for the trainers, or a
 * person's session.
 */
@Authenticated
@Path("/api/models/{modelId}/predictions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {

    static final int MAX_ROWS = 10_000;

    private final LoadedModels models;

    PredictionResource(LoadedModels models) {
        this.models = models;
    }

    @POST
    @Operation(summary = "Probability of the positive class (malignant) for one or many rows")
    @CustomDeserialization(StrictJson.class)
    public PredictionResponse predict(@PathParam("modelId") String modelId, PredictionRequest request) {
        if (request == null || request.rows() == null || request.rows().isEmpty()) {
            throw ProblemException.invalid("rows", "give at least one row");
        }
        if (request.rows().size() > MAX_ROWS) {
            throw ProblemException.invalid("rows",
                    "at most " + MAX_ROWS + " rows per request, got " + request.rows().size());
        }
        var ready = models.get(modelId);
        ModelCard card = ready.card();
        double[][] values = matrix(request.rows(), card.features());

        var input = Nd4j.create(values).castTo(DataType.FLOAT);
        float[] probabilities;
        synchronized (ready.model().network()) {
            ready.model().scaler().transform(input);
            probabilities = ready.model().network().output(input).data().asFloat();
        }
        List<PredictionResponse.Prediction> predictions = new ArrayList<>();
        for (float p : probabilities) {
            predictions
                    .add(new PredictionResponse.Prediction(p, p >= 0.5f ? card.positiveClass() : card.negativeClass()));
        }
        return new PredictionResponse(card.modelId(), card.positiveClass(), card.negativeClass(), predictions);
    }

    /** The rows as numbers in the model's feature order; every problem found is reported at once. */
    static double[][] matrix(List<JsonNode> rows, List<String> features) {
        List<FieldError> errors = new ArrayList<>();
        double[][] values = new double[rows.size()][features.size()];
        for (int r = 0; r < rows.size() && errors.size() < 50; r++) {
            JsonNode row = rows.get(r);
            String at = "rows[" + r + "]";
            if (row != null && row.isArray()) {
                if (row.size() != features.size()) {
                    errors.add(new FieldError(at,
                            "has " + row.size() + " values, the model expects " + features.size() + ": " + features));
                    continue;
                }
                for (int f = 0; f < features.size(); f++) {
                    values[r][f] = number(row.get(f), at + "[" + f + "]", errors);
                }
            } else if (row != null && row.isObject()) {
                Set<String> unknown = new HashSet<>();
                for (Iterator<String> names = row.fieldNames(); names.hasNext();) {
                    String name = names.next();
                    if (!features.contains(name)) {
                        unknown.add(name);
                    }
                }
                List<String> missing = features.stream().filter(name -> !row.has(name)).toList();
                if (!unknown.isEmpty()) {
                    errors.add(new FieldError(at, "unknown features " + unknown.stream().sorted().toList()));
                }
                if (!missing.isEmpty()) {
                    errors.add(new FieldError(at, "missing features " + missing));
                }
                for (int f = 0; f < features.size(); f++) {
                    if (row.has(features.get(f))) {
                        values[r][f] = number(row.get(features.get(f)), at + "." + features.get(f), errors);
                    }
                }
            } else {
                errors.add(new FieldError(at,
                        "must be an object of feature values or an array of " + features.size() + " numbers"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return values;
    }

    private static double number(JsonNode value, String at, List<FieldError> errors) {
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            errors.add(new FieldError(at, "must be a finite number, got " + value));
            return 0;
        }
        return value.asDouble();
    }
}
