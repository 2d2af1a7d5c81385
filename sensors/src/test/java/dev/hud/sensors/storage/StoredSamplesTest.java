package dev.hud.sensors.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hud.sensors.node.NodeIdentity;
import io.quarkus.test.junit.QuarkusTest;

/** The running service stores its own samples, about ten a second, without anyone asking. */
@QuarkusTest
class StoredSamplesTest {

    @Inject
    DataSource database;

    @Inject
    NodeIdentity node;

    @Test
    void samplesReachTheDatabase() throws Exception {
        long started = System.currentTimeMillis();
        Thread.sleep(3_000);
        long deadline = System.currentTimeMillis() + 5_000;
        long stored = storedSince(started);
        while (stored < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            stored = storedSince(started);
        }
        assertTrue(stored >= 20, "samples of the last 3 s stored at 10 Hz: " + stored);
    }

    private long storedSince(long millis) throws SQLException {
        try (var connection = database.getConnection();
                var count = connection
                        .prepareStatement("SELECT count(*) FROM sample WHERE node = ? AND taken_at >= ?")) {
            count.setString(1, node.name());
            count.setTimestamp(2, new Timestamp(millis));
            var rows = count.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
