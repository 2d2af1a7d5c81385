package dev.hud.trainer.model;

import java.util.Locale;

/**
 * The update rules HUD trains with, each exactly as Deeplearning4j defines it, so a network
 * trained by {@link BatchedTrainer} is the network DL4J would have trained.
 */
public enum Optimizer {

    /**
     * SGD with classical momentum, as Keras' {@code SGD(momentum=mu)} of the original experiment:
     * v = mu v - lr g; w += v. The default. (DL4J has no updater for it: {@code BatchedTrainer} is
     * checked against a plain reference implementation instead.)
     */
    SGD,
    /**
     * SGD with Nesterov momentum, DL4J's {@code Nesterovs}: v = mu v - lr g; w -= mu v_prev - (1 + mu) v.
     * It looks one step ahead; it is what DL4J calls momentum SGD.
     */
    NESTEROV,
    /**
     * DL4J's {@code RmsProp}: decay 0.95, epsilon 1e-8, running average starting at epsilon; the momentum is not used.
     */
    RMSPROP,
    /** DL4J's {@code Adam}: beta1 0.9, beta2 0.999, epsilon 1e-8, bias-corrected; the momentum is not used. */
    ADAM;

    public static final double RMSPROP_DECAY = 0.95;
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    public static Optimizer parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "': sgd, nesterov, rmsprop or adam");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
