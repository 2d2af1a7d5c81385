package dev.hud.sensors.sampling;

/** Receives every sample of every node this replica hears of; must return quickly (no I/O waits). */
public interface SampleListener {

    void onSample(Sample sample);
}
