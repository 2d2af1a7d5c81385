package dev.hud.trainer.model;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.hud.trainer.data.MinMaxScaler;

/**
 * The DL4J side of a HUD model: the {@link MultiLayerNetwork} equivalent to a {@link NetworkSpec},
 * and its file, written with {@link ModelSerializer} together with its MinMax scaler so that
 * predictions scale their input exactly as training did.
 */
public final class Dl4jModels {

    private Dl4jModels() {
    }

    /** An initialised network of this shape; DL4J's dropout ratio is the share it keeps. */
    public static MultiLayerNetwork network(NetworkSpec spec, int features, Hyperparameters hp, long seed) {
        var layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(updater(hp))
                .list();
        for (int l = 0; l < spec.hidden().length; l++) {
            var dense = new DenseLayer.Builder().nIn(spec.inputsOf(l, features)).nOut(spec.hidden()[l])
                    .activation(Activation.RELU);
            if (l > 0 && spec.dropout()[l - 1] > 0) {
                // DL4J drops a layer's inputs: the previous layer's dropout belongs here.
                dense.dropOut(1 - spec.dropout()[l - 1]);
            }
            layers.layer(dense.build());
        }
        int last = spec.hidden().length;
        var output = new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(spec.hidden()[last - 1]).nOut(1).activation(Activation.SIGMOID);
        if (spec.dropout()[last - 1] > 0) {
            output.dropOut(1 - spec.dropout()[last - 1]);
        }
        layers.layer(output.build());
        var network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
    }

    /** The network with the given parameters, in {@link NetworkParameters} layout. */
    public static MultiLayerNetwork network(NetworkSpec spec, int features, Hyperparameters hp, float[] parameters) {
        var network = network(spec, features, hp, 0L);
        setParameters(network, spec, features, parameters);
        return network;
    }

    public static void setParameters(MultiLayerNetwork network, NetworkSpec spec, int features, float[] parameters) {
        for (int l = 0; l < spec.layers(); l++) {
            int in = spec.inputsOf(l, features);
            int out = spec.outputsOf(l);
            int offset = NetworkParameters.offsetOf(spec, features, l);
            float[] weights = Arrays.copyOfRange(parameters, offset, offset + in * out);
            float[] biases = Arrays.copyOfRange(parameters, offset + in * out, offset + in * out + out);
            network.getLayer(l).setParam("W", Nd4j.create(weights, new long[] { in, out }, 'c'));
            network.getLayer(l).setParam("b", Nd4j.create(biases, new long[] { 1, out }, 'c'));
        }
    }

    public static float[] parameters(MultiLayerNetwork network, NetworkSpec spec, int features) {
        float[] parameters = new float[spec.parameterCount(features)];
        for (int l = 0; l < spec.layers(); l++) {
            int in = spec.inputsOf(l, features);
            int out = spec.outputsOf(l);
            int offset = NetworkParameters.offsetOf(spec, features, l);
            float[] weights = network.getLayer(l).getParam("W").dup('c').data().asFloat();
            float[] biases = network.getLayer(l).getParam("b").dup('c').data().asFloat();
            System.arraycopy(weights, 0, parameters, offset, in * out);
            System.arraycopy(biases, 0, parameters, offset + in * out, out);
        }
        return parameters;
    }

    public static IUpdater updater(Hyperparameters hp) {
        return switch (hp.optimizer()) {
            // DL4J has no classical momentum: HUD trains it itself (BatchedTrainer); the saved network is for
            // predictions, and its configuration records plain SGD at the learning rate.
            case SGD -> new Sgd(hp.learningRate());
            case NESTEROV -> new Nesterovs(hp.learningRate(), hp.momentum());
            case RMSPROP -> new RmsProp(hp.learningRate(), Optimizer.RMSPROP_DECAY, Optimizer.EPSILON);
            case ADAM -> new Adam(hp.learningRate(), Optimizer.ADAM_BETA1, Optimizer.ADAM_BETA2, Optimizer.EPSILON);
        };
    }

    /** DL4J's MinMax normaliser with the statistics of ours, to travel inside the model file. */
    public static NormalizerMinMaxScaler normalizer(MinMaxScaler scaler) {
        var normalizer = new NormalizerMinMaxScaler(0, 1);
        normalizer.setFeatureStats(
                Nd4j.createFromArray(scaler.min()).castTo(DataType.FLOAT).reshape(1, scaler.min().length),
                Nd4j.createFromArray(scaler.max()).castTo(DataType.FLOAT).reshape(1, scaler.max().length));
        return normalizer;
    }

    /**
     * Writes ModelSerializer's format (configuration.json, coefficients.bin, normalizer.bin), which
     * {@link ModelSerializer#restoreMultiLayerNetwork} and {@link #load} read. Written here rather
     * than by {@code ModelSerializer.writeModel}, which fails with the commons-io of Quarkus 3.33
     * (its CloseShieldOutputStream now throws on the flush DL4J M1.1 does after closing). The file
     * appears complete or not at all: written beside, then renamed.
     */
    public static void save(MultiLayerNetwork network, MinMaxScaler scaler, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (var zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            // NormalizerSerializer closes the stream it is given: give it one that leaves the zip open.
            var entry = new FilterOutputStream(zip) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write(network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("coefficients.bin"));
            var data = new DataOutputStream(zip);
            Nd4j.write(network.params(), data);
            data.flush();
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("normalizer.bin"));
            NormalizerSerializer.getDefault().write(normalizer(scaler), entry);
            zip.closeEntry();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A saved model: the network and the scaler its inputs need. */
    public record Loaded(MultiLayerNetwork network, NormalizerMinMaxScaler scaler) {
    }

    /**
     * Reads a model file: the network from its JSON configuration and binary coefficients, the scaler with DL4J's
     * {@code NormalizerSerializer} only. Not {@code ModelSerializer.restoreNormalizerFromFile}: when its format does
     * not match, that falls back to Java deserialisation of whatever the file holds.
     */
    public static Loaded load(Path file) throws IOException {
        File source = file.toFile();
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(source, false);
        try (var zip = new ZipFile(source)) {
            ZipEntry entry = zip.getEntry("normalizer.bin");
            if (entry == null) {
                throw new IOException(file + " holds no scaler: it was not written by HUD");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Object normalizer = NormalizerSerializer.getDefault().restore(in);
                if (!(normalizer instanceof NormalizerMinMaxScaler scaler)) {
                    throw new IOException(
                            file + " holds a " + normalizer.getClass().getSimpleName() + ", not a MinMax scaler");
                }
                return new Loaded(network, scaler);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(file + ": its scaler is not in DL4J's format (" + e.getMessage() + ")", e);
            }
        }
    }
}
