package dev.hud.common.messages;

/** One grid cell: how one network is trained. {@code optimizer} is sgd (Nesterov momentum), rmsprop or adam. */
public record Cell(double learningRate, double momentum, int batchSize, int epochs, String optimizer) {
}
