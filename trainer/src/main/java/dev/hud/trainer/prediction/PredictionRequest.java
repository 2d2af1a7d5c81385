package dev.hud.trainer.prediction;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rows to classify: each either an object of feature name to value, or an array of values in the
 * order of the model's {@code features}.
 */
public record PredictionRequest(List<JsonNode> rows) {
}
