package dev.hud.trainer.model;

/** Told after every epoch of every fit that is still training. Called from the training thread. */
@FunctionalInterface
public interface EpochListener {

    EpochListener NONE = (fit, metrics) -> {
    };

    void onEpoch(String fitId, EpochMetrics metrics);
}
