package dev.hud.trainer.cli;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bytedeco.javacpp.FloatPointer;

import dev.hud.common.data.Dataset;
import dev.hud.common.data.FeatureSelection;
import dev.hud.trainer.model.Hyperparameters;
import dev.hud.trainer.model.NetworkSpec;
import dev.hud.trainer.model.Optimizer;
import dev.hud.trainer.search.Experiment;
import dev.hud.trainer.search.GridSearch;
import dev.hud.trainer.search.SearchSettings;

/**
 * How close the batched program comes to the machine: the matrix arithmetic of a 3x3 grid (5 folds, 55 epochs, batch
 * 5, no early stopping) counted exactly, its rate in GFLOP/s, beside the rate of the same matrix products done by
 * OpenBLAS alone (direct {@code cblas_sgemm} calls of the same shapes, as many as the program makes, on as many
 * threads as training uses, one OpenBLAS thread each) in the same run. Element-wise work (activations, dropout,
 * updates) is not counted: it is ~2% of the arithmetic.
 */
final class ArithmeticReport {

    private static final int BATCH = 5;
    private static final int EPOCHS = 55;

    /** One matrix product shape [m, k] x [k, n], made {@code calls} times by the grid. */
    private record Product(int m, int k, int n, boolean transposeA, long calls) {
        double flops() {
            return 2.0 * m * k * n * calls;
        }
    }

    private final PrintWriter out;
    private final Dataset data;
    private final long seed;
    private final int threads;

    ArithmeticReport(PrintWriter out, Dataset data, long seed, int threads) {
        this.out = out;
        this.data = data;
        this.seed = seed;
        this.threads = threads;
    }

    void print() {
        out.printf(
                "%narithmetic: 3x3 grid x 5 folds x %d epochs, batch %d, no early stopping, %d threads;"
                        + " cross-validation only%n",
                EPOCHS, BATCH, threads);
        out.printf("%-26s | %9s %9s %9s | %12s %11s | %s%n", "network", "GFLOP", "HUD s", "GFLOP/s", "gemm alone s",
                "gemm GFLOP/s",
                "HUD / gemm rate");
        for (NetworkSpec network : List.of(NetworkSpec.DEFAULT,
                new NetworkSpec(new int[] { 64, 32 }, new double[] { 0.2, 0.1 }))) {
            row(network);
        }
        double peak = peakGflops();
        out.printf("OpenBLAS on one large product (512 x 512 x 512, one thread): %.1f GFLOP/s per core%n", peak);
        out.flush();
    }

    private void row(NetworkSpec network) {
        var settings = new SearchSettings(5, 1, 0.2, null, FeatureSelection.ALL, network, seed, threads);
        var experiment = Experiment.prepare(data, settings);
        var search = new GridSearch(experiment, settings);
        List<Hyperparameters> cells = new ArrayList<>();
        for (double lr : List.of(0.018, 0.024, 0.03)) {
            for (double momentum : List.of(0.39, 0.41, 0.43)) {
                cells.add(new Hyperparameters(lr, momentum, BATCH, EPOCHS, Optimizer.SGD));
            }
        }
        search.evaluate(cells, GridSearch.Listener.NONE, () -> false); // warm
        long start = System.nanoTime();
        search.evaluate(cells, GridSearch.Listener.NONE, () -> false);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Product> products = products(network, experiment, cells.size());
        double flops = products.stream().mapToDouble(Product::flops).sum();
        gemmSeconds(products); // warm
        double gemm = gemmSeconds(products);
        out.printf("%-26s | %9.1f %9.2f %9.2f | %12.2f %11.2f | %.2f%n", network.toString().replace("NetworkSpec", ""),
                flops / 1e9,
                seconds, flops / 1e9 / seconds, gemm, flops / 1e9 / gemm, gemm / seconds);
        out.flush();
    }

    /**
     * Every matrix product the batched program makes for these cells, by shape (BatchedTrainer's step and evaluation).
     */
    private static List<Product> products(NetworkSpec network, Experiment experiment, int cells) {
        int features = experiment.folds().get(0).trainX()[0].length;
        List<Product> products = new ArrayList<>();
        for (var part : experiment.folds()) {
            long steps = (long) cells * EPOCHS * ((part.trainX().length + BATCH - 1) / BATCH);
            long evaluations = (long) cells * EPOCHS;
            for (int l = 0; l < network.layers(); l++) {
                int in = network.inputsOf(l, features);
                int units = network.outputsOf(l);
                // a step: the bias rides along as a column of ones in the forward and weight-gradient products
                products.add(new Product(BATCH, in + 1, units, false, steps));
                products.add(new Product(in + 1, BATCH, units, true, steps));
                if (l > 0) {
                    products.add(new Product(BATCH, units, in, false, steps)); // gradients of the layer's input
                }
                // each epoch: the fit's training rows and its scored rows, without dropout
                products.add(new Product(part.trainX().length, in, units, false, evaluations));
                products.add(new Product(part.evaluationX().length, in, units, false, evaluations));
            }
        }
        return products;
    }

    /** Wall seconds for OpenBLAS to make these products as 2-D gemm calls, the calls spread evenly over the threads. */
    private double gemmSeconds(List<Product> products) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (Product product : products) {
                        try (var a = new FloatPointer(product.m() * product.k());
                                var b = new FloatPointer(product.k() * product.n());
                                var c = new FloatPointer(product.m() * product.n())) {
                            fill(a, product.m() * product.k());
                            fill(b, product.k() * product.n());
                            // As ND4J stores them: row-major, the transposed operand read with CblasTrans.
                            int transposeA = product.transposeA() ? CblasTrans : CblasNoTrans;
                            int lda = product.transposeA() ? product.m() : product.k();
                            for (long call = 0; call < product.calls() / threads; call++) {
                                cblas_sgemm(CblasRowMajor, transposeA, CblasNoTrans, product.m(), product.n(),
                                        product.k(), 1f, a, lda, b,
                                        product.n(), 0f, c, product.n());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double peakGflops() {
        int n = 512;
        try (var a = new FloatPointer(n * n); var b = new FloatPointer(n * n); var c = new FloatPointer(n * n)) {
            fill(a, n * n);
            fill(b, n * n);
            int repeats = 23;
            long start = 0;
            for (int i = 0; i < repeats; i++) {
                if (i == 3) {
                    start = System.nanoTime();
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
            }
            return 2.0 * n * n * n * (repeats - 3) / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    private static void fill(FloatPointer pointer, int count) {
        for (int i = 0; i < count; i++) {
            pointer.put(i, (i % 7) / 7f);
        }
    }
}
