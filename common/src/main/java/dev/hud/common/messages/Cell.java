package dev.hud.common.messages;

/**
 * One grid cell: how one network is trained. {@code optimizer} is {@code sgd} (classical momentum, as
 * Keras' {@code SGD(momentum=m)}; in {@code hud.training-work/v1} it meant Nesterov's), {@code nesterov},
 * {@code rmsprop} or {@code adam}.
 */
public record Cell(double learningRate, double momentum, int batchSize, int epochs, String optimizer) {
}
