package dev.hud.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hud.trainer.data.MinMaxScaler;

/** Model files are read through DL4J's JSON and binary formats only, never by Java deserialisation. */
class ModelFilesTest {

    /** Stands for a deserialisation gadget: reading it is what must never happen. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean tripped;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            tripped = true;
        }
    }

    @Test
    void aModelRoundTripsAndAJavaSerialisedScalerIsNeverRead(@TempDir Path folder) throws Exception {
        var hp = new Hyperparameters(0.02, 0.4, 5, 3, Optimizer.SGD);
        var network = Dl4jModels.network(NetworkSpec.DEFAULT, 3, hp, 7L);
        Path good = folder.resolve("model.zip");
        Dl4jModels.save(network, new MinMaxScaler(new double[] { 0, 0, 0 }, new double[] { 1, 2, 3 }), good);
        assertEquals(3, Dl4jModels.load(good).scaler().getMax().length());

        // The same file with a Java-serialised object where the scaler belongs.
        Path bad = folder.resolve("bad.zip");
        try (var source = new ZipFile(good.toFile()); var zip = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (var entries = source.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("normalizer.bin")) {
                    var bytes = new ByteArrayOutputStream();
                    try (var out = new ObjectOutputStream(bytes)) {
                        out.writeObject(new Tripwire());
                    }
                    zip.write(bytes.toByteArray());
                } else {
                    source.getInputStream(entry).transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        assertThrows(IOException.class, () -> Dl4jModels.load(bad));
        assertFalse(Tripwire.tripped, "the file's object was deserialised");
    }
}
