package dev.hud.sensors.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.hud.sensors.node.AgentSkips;
import dev.hud.sensors.node.SensorsConfig;
import dev.hud.sensors.sampling.Sample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Stores samples off the sampling and delivery paths: a sample is only appended to a bounded queue; once a second the
 * queue is written in batches, then each written sample's {@link StoreReceipt} is told (a hub acknowledges the broker
 * then). While the database is away the queue fills up to its bound, then the oldest samples are dropped, counted and
 * logged; when it is back the next flush stores what was kept, by itself. A sample stored twice (a delivery again
 * after a hub died) is stored once: the insert ignores a key it already has.
 */
@ApplicationScoped
public class SampleWriter {

    private static final Logger LOG = Logger.getLogger(SampleWriter.class);
    private static final String INSERT = "INSERT INTO sample (node, taken_at, seq, core_temp_c,"
            + " core_util_pct, core_freq_mhz, "
            + "package_temp_c, load_1m) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static final StoreReceipt NO_RECEIPT = () -> {
    };

    /** A sample waiting to be stored (null: a delivery only to acknowledge in its turn) and whom to tell once it is. */
    private record Pending(Sample sample, StoreReceipt receipt) {
    }

    // By lookup: an agent has no datasource (inactive), and a static injection point would fail its start.
    private final Supplier<DataSource> database;
    private final int batchSize;
    private final int capacity;
    private final LinkedBlockingDeque<Pending> queue;
    private final Counter dropped;
    private final Counter stored;
    private volatile boolean failing;

    // @Inject: with two constructors and none marked, ArC silently made no bean of this class at all.
    @Inject
    SampleWriter(Instance<DataSource> database, SensorsConfig config, MeterRegistry registry) {
        this(database::get, config.storeBatch(), config.storeQueue(), registry);
    }

    SampleWriter(DataSource database, int batchSize, int capacity, MeterRegistry registry) {
        this(() -> database, batchSize, capacity, registry);
    }

    private SampleWriter(Supplier<DataSource> database, int batchSize, int capacity, MeterRegistry registry) {
        this.database = database;
        this.batchSize = batchSize;
        this.capacity = capacity;
        this.queue = new LinkedBlockingDeque<>(capacity);
        this.dropped = Counter.builder("hud.sensors.store.dropped")
                .description("samples dropped while the database was away").register(registry);
        this.stored = Counter.builder("hud.sensors.store.stored").description("samples written to the database")
                .register(registry);
        Gauge.builder("hud.sensors.store.queued", queue, LinkedBlockingDeque::size).register(registry);
    }

    /** A sample of this process' own sampler (role all). Never blocks. */
    public void onSample(Sample sample) {
        store(sample, NO_RECEIPT);
    }

    /** A delivery not to store, whose receipt is told in its turn, after every earlier one's. Never blocks. */
    public void skip(StoreReceipt receipt) {
        store(null, receipt);
    }

    /** Never blocks. */
    public void store(Sample sample, StoreReceipt receipt) {
        Pending pending = new Pending(sample, receipt);
        while (!queue.offerLast(pending)) {
            if (queue.pollFirst() != null) {
                dropped.increment();
                if ((long) dropped.count() % 600 == 1) {
                    LOG.warnf("sample store queue full (%d): dropping the oldest samples, %d so far", capacity,
                            (long) dropped.count());
                }
            }
        }
    }

    @Scheduled(every = "${hud.sensors.store-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = AgentSkips.class)
    void flush() {
        while (!queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>(batchSize);
            queue.drainTo(batch, batchSize);
            try {
                write(batch);
                stored.increment(batch.size());
                for (Pending pending : batch) {
                    pending.receipt().stored();
                }
                if (failing) {
                    LOG.infof("sample store is back: %d samples still queued", queue.size());
                    failing = false;
                }
            } catch (SQLException e) {
                // Put them back in front, in order; what no longer fits is the oldest and goes.
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (!queue.offerFirst(batch.get(i))) {
                        dropped.increment();
                    }
                }
                if (!failing) {
                    LOG.warnf("cannot store samples, keeping up to %d in memory: %s", capacity, e.getMessage());
                    failing = true;
                }
                return;
            }
        }
    }

    public int queued() {
        return queue.size();
    }

    public long droppedCount() {
        return (long) dropped.count();
    }

    private void write(List<Pending> batch) throws SQLException {
        try (Connection connection = database.get().getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Pending pending : batch) {
                Sample sample = pending.sample();
                if (sample == null) {
                    continue;
                }
                int cores = sample.cores().size();
                Float[] temperature = new Float[cores];
                Float[] utilization = new Float[cores];
                Float[] frequency = new Float[cores];
                boolean anyTemperature = false;
                for (int i = 0; i < cores; i++) {
                    var core = sample.cores().get(i);
                    temperature[i] = core.temperatureC() == null ? null : core.temperatureC().floatValue();
                    anyTemperature |= temperature[i] != null;
                    utilization[i] = (float) core.utilizationPct();
                    frequency[i] = core.frequencyMhz() == null ? null : core.frequencyMhz().floatValue();
                }
                insert.setString(1, sample.node());
                insert.setTimestamp(2, new Timestamp(sample.timestamp()));
                insert.setLong(3, sample.seq());
                insert.setArray(4, anyTemperature ? connection.createArrayOf("real", temperature) : null);
                insert.setArray(5, connection.createArrayOf("real", utilization));
                insert.setArray(6, connection.createArrayOf("real", frequency));
                insert.setObject(7,
                        sample.packageTemperatureC() == null ? null : sample.packageTemperatureC().floatValue(),
                        Types.REAL);
                insert.setObject(8, sample.load1() == null ? null : sample.load1().floatValue(), Types.REAL);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
