package dev.hud.sensors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.hud.sensors.sampling.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The store against the real PostgreSQL (the tests' telemetry database), and against the same
 * server on a port where nothing listens: an outage the writer must ride out.
 */
class SampleWriterTest {

    private static final String DATABASE = "hud_telemetry_test";
    /** Recent, so no retention run of a test app sharing this JVM deletes them meanwhile. */
    private static final long START = System.currentTimeMillis() - 60_000;
    private final String node = "writer-test-" + System.nanoTime();
    private final PGSimpleDataSource database = new PGSimpleDataSource();

    @BeforeEach
    void up() {
        database.setUrl("jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        database.setUser("postgres");
    }

    private Sample sample(long seq) {
        return new Sample(node, START + seq * 100, seq,
                List.of(new Sample.Core(0, 40.0 + seq, 10, 2400.0), new Sample.Core(1, null, 20, null)), 45.0,
                List.of(), 0.5,
                "coretemp", null);
    }

    @Test
    void batchesAreStoredOnceAndEachReceiptIsToldAfterItsWrite() throws SQLException {
        var writer = new SampleWriter(database, 7, 100, new SimpleMeterRegistry());
        var told = new ArrayList<Long>();
        for (long seq = 1; seq <= 20; seq++) {
            long receipt = seq;
            writer.store(sample(seq), () -> told.add(receipt));
        }
        writer.store(sample(3), () -> told.add(3L)); // delivered again (a hub died before acknowledging it)
        assertEquals(List.of(), told, "nothing is told before it is written");
        writer.flush();
        assertEquals(0, writer.queued());
        assertEquals(20, count(), "a sample stored twice is one row");
        assertEquals(21, told.size());
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), told.subList(0, 20), "in the order handed over");
        assertEquals(Arrays.asList(41.0f, null), temperaturesOf(1), "a core without a sensor stores NULL");
    }

    @Test
    void anOutageKeepsTheNewestUpToTheBoundAndRecoversByItself() throws SQLException {
        database.setUrl("jdbc:postgresql://127.0.0.1:1/" + DATABASE + "?connectTimeout=1");
        var writer = new SampleWriter(database, 10, 50, new SimpleMeterRegistry());
        for (long seq = 1; seq <= 80; seq++) {
            writer.onSample(sample(seq));
            if (seq % 10 == 0) {
                writer.flush(); // fails: the database is away
            }
        }
        assertEquals(50, writer.queued());
        assertEquals(30, writer.droppedCount());

        database.setUrl("jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        writer.flush();

        assertEquals(0, writer.queued());
        assertEquals(50, count());
        assertEquals(31, minSeq(), "the oldest were dropped, the newest kept");
    }

    private long count() throws SQLException {
        return ofThisNode("count(*)");
    }

    private long minSeq() throws SQLException {
        return ofThisNode("min(seq)");
    }

    private long ofThisNode(String aggregate) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("SELECT " + aggregate + " FROM sample WHERE node = ?")) {
            query.setString(1, node);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<Float> temperaturesOf(long seq) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("SELECT core_temp_c FROM sample WHERE node = ? AND seq = ?")) {
            query.setString(1, node);
            query.setLong(2, seq);
            try (var rows = query.executeQuery()) {
                rows.next();
                return Arrays.asList((Float[]) rows.getArray(1).getArray());
            }
        }
    }
}
