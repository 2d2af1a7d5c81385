package dev.hud.trainer.model;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The native buffers and prepared operations of one training call, freed together when it ends. */
final class NativeArrays implements AutoCloseable {

    private final List<AutoCloseable> owned = new ArrayList<>();

    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    INDArray zeros(long... shape) {
        return own(Nd4j.zeros(DataType.FLOAT, shape));
    }

    @Override
    public void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not free a native buffer", e);
            }
        }
    }
}
