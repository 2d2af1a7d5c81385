import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.hud.sensors.sampling.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Insert throughput through the real SampleWriter (its queue, batches and INSERT): N simulated nodes, each its own
 * writer fed at 10 Hz and flushed once a second, as the agents do; the writers share a few connections.
 *   java -cp <sensors quarkus-app jars> StoreLoad.java <jdbc-url> <nodes> <cores> <seconds> <connections>
 * Phase 1: the offered load (nodes x 10 rows/s) for the given seconds: rows stored per second, the longest flush of
 * all nodes' writers in one second, the most samples queued. Phase 2 (capacity): a minute queued per node (600 samples), stored
 * flat out by every writer at once.
 */
public class StoreLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int nodes = Integer.parseInt(args[1]);
        int cores = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        DataSource pool = pool(url, connections);
        Class<?> type = Class.forName("dev.hud.sensors.storage.SampleWriter");
        Constructor<?> make = type.getDeclaredConstructor(DataSource.class, int.class, int.class,
                io.micrometer.core.instrument.MeterRegistry.class);
        make.setAccessible(true);
        Method flush = type.getDeclaredMethod("flush");
        flush.setAccessible(true);
        Method onSample = type.getMethod("onSample", Sample.class);
        Method queued = type.getMethod("queued");
        // One registry: the writers' counters (stored, dropped) are then sums over every node.
        var registry = new SimpleMeterRegistry();
        List<Object> writers = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            writers.add(make.newInstance(pool, 2000, 36_000, registry));
        }
        long[] seq = new long[nodes];
        long start = System.currentTimeMillis();

        // Phase 1: 10 Hz per node; every second, each writer flushes (on a pool of `connections` threads).
        var flushers = Executors.newFixedThreadPool(connections);
        long worstFlushMs = 0;
        long began = System.nanoTime();
        int maxQueued = 0;
        long next = System.nanoTime();
        for (int tick = 0; tick < seconds * 10; tick++) {
            long now = start + tick * 100L;
            for (int n = 0; n < nodes; n++) {
                onSample.invoke(writers.get(n), sample(node(n), now, ++seq[n], cores));
            }
            if (tick % 10 == 9) {
                long t0 = System.nanoTime();
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (Object writer : writers) {
                    done.add(flushers.submit(() -> {
                        flush.invoke(writer);
                        return null;
                    }));
                }
                for (var d : done) {
                    d.get();
                }
                worstFlushMs = Math.max(worstFlushMs, (System.nanoTime() - t0) / 1_000_000);
            }
            for (Object writer : writers) {
                maxQueued = Math.max(maxQueued, (int) queued.invoke(writer));
            }
            next += 100_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        double stored = registry.counter("hud.sensors.store.stored").count();
        long dropped = (long) registry.counter("hud.sensors.store.dropped").count();
        double elapsed = (System.nanoTime() - began) / 1e9;
        System.out.printf("offered %d nodes x 10 Hz (%d cores each) for %d s: %.0f rows/s stored (required 1,000);"
                + " all nodes' flushes of one second took at most %d ms; at most %d samples queued per node;"
                + " %d dropped%n", nodes, cores, seconds, stored / elapsed, worstFlushMs, maxQueued, dropped);

        // Phase 2: capacity. 600 samples (a minute) queued per node, then every writer flushed at once.
        long base = start + seconds * 1000L;
        for (int i = 0; i < 600; i++) {
            for (int n = 0; n < nodes; n++) {
                onSample.invoke(writers.get(n), sample(node(n), base + i * 100L, ++seq[n], cores));
            }
        }
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (Object writer : writers) {
            done.add(flushers.submit(() -> {
                flush.invoke(writer);
                return null;
            }));
        }
        for (var d : done) {
            d.get();
        }
        double took = (System.nanoTime() - t0) / 1e9;
        System.out.printf("capacity: %d rows (a minute of %d nodes) stored in %.2f s = %.0f rows/s flat out%n",
                600L * nodes, nodes, took, 600.0 * nodes / took);
        flushers.shutdown();
        System.exit(0);
    }

    private static String node(int n) {
        return String.format("bench-node-%03d", n);
    }

    private static Sample sample(String node, long at, long seq, int cores) {
        List<Sample.Core> values = new ArrayList<>(cores);
        for (int c = 0; c < cores; c++) {
            values.add(new Sample.Core(c, 40.0 + (seq + c) % 30, (seq * 7 + c) % 100, 2000.0 + (seq % 1000)));
        }
        return new Sample(node, at, seq, values, 55.0, List.of(), 0.5, "bench", null);
    }

    /** A fixed pool: close() hands the connection back. */
    private static DataSource pool(String url, int size) throws SQLException {
        BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(DriverManager.getConnection(url, "postgres", ""));
        }
        return (DataSource) Proxy.newProxyInstance(StoreLoad.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, arguments) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new SQLFeatureNotSupportedException(method.getName());
                    }
                    Connection real = idle.take();
                    return Proxy.newProxyInstance(StoreLoad.class.getClassLoader(),
                            new Class<?>[] { Connection.class }, (p, m, a) -> {
                                if (m.getName().equals("close")) {
                                    idle.add(real);
                                    return null;
                                }
                                try {
                                    return m.invoke(real, a);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }
}
