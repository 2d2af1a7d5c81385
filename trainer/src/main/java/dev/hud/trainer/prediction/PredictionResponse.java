package dev.hud.trainer.prediction;

import java.util.List;

/** One prediction per row, in the order of the request. */
public record PredictionResponse(String modelId, String positiveClass, String negativeClass,
        List<Prediction> predictions) {

    /**
     * @param probability     of the positive class (malignant for the breast-cancer data)
     * @param predictedClass  the positive class when probability >= 0.5, else the negative one
     */
    public record Prediction(double probability, String predictedClass) {
    }
}
