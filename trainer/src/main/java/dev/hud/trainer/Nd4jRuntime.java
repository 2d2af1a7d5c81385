package dev.hud.trainer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J settings for tiny networks, applied once before any training.
 *
 * <p>HUD's networks have a few hundred weights: splitting one operation over OpenMP threads costs
 * more than the operation (measured here: an element-wise op on 45 x 600 floats takes ~50 us with
 * 2 threads, ~6 us with one). HUD runs one operation per thread; more cores are used by more trainer
 * processes (SearchSettings.DEFAULT_PARALLELISM says why not more threads).
 */
public final class Nd4jRuntime {

    private static volatile boolean configured;

    private Nd4jRuntime() {
    }

    public static synchronized void configure() {
        if (configured) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        // OpenBLAS keeps its own pool: left at the core count, it split every tiny gemm over two threads and
        // its idle worker spun in sched_yield, a fifth of all CPU samples of a grid (async-profiler).
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        configured = true;
    }

    /** The backend and device that train: "nd4j-native (CPU)" or "nd4j-cuda (GPU ...)". */
    public static String device() {
        configure();
        var backend = Nd4j.getBackend().getClass().getSimpleName();
        var environment = Nd4j.getExecutioner().getEnvironmentInformation();
        Object name = environment.get("cuda.deviceName");
        return name != null ? "gpu: " + name + " (" + backend + ")"
                : "cpu: " + Runtime.getRuntime().availableProcessors() + " cores (" + backend + ")";
    }

    /** "cpu" or "gpu": the queue this backend takes work from. */
    public static String deviceKind() {
        configure();
        return Nd4j.getBackend().getClass().getSimpleName().toLowerCase().contains("cuda") ? "gpu" : "cpu";
    }
}
