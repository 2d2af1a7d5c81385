package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.ConnectionFactory;

/**
 * The in-chart RabbitMQ as its pod runs it, with this machine's own rabbitmq-server (a prerequisite, README): the
 * rendered {@code conf.d} file alone as configuration, a data directory as its volume (where the Erlang cookie is
 * made), a log directory as its emptyDir, the container's own environment, as the image's user. Not proven here: the
 * image's entry point and its RabbitMQ version (this machine's differs), the kubelet. {@link LocalBroker} starts it;
 * {@link RabbitMqUsersTest} checks the users the chart makes in it.
 */
class RabbitMqBootTest {

    @TempDir
    Path folder;

    @Test
    void itBootsLogsToTheConsoleLetsTheChartsUserInAndKeepsItsCookiePrivate() throws Exception {
        try (LocalBroker broker = start(true)) {
            var factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(broker.port());
            factory.setUsername(broker.user());
            factory.setPassword(broker.password());
            broker.awaitUntil(() -> {
                try (var connection = factory.newConnection()) {
                    return connection.isOpen();
                } catch (IOException | TimeoutException notYet) {
                    return false;
                }
            });
            // The listener opens a moment before the broker logs that its start is complete.
            broker.awaitUntil(() -> broker.outputContains("Server startup complete"));
            assertEquals("r--------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(broker.data().resolve(".erlang.cookie"))),
                    "the cookie is the owner's");
            try (Stream<Path> logs = Files.list(broker.logs())) {
                for (Path log : logs.toList()) {
                    assertEquals(0, Files.size(log), log + ": nothing is logged to files");
                }
            }
        }
    }

    /** Why the chart gives it a writable log directory: the read-only root it used to have. */
    @Test
    void withoutAWritableLogDirectoryItDoesNotBoot() throws Exception {
        try (LocalBroker broker = start(false)) {
            assertTrue(broker.process().waitFor(LocalBroker.BOOT.toSeconds(), TimeUnit.SECONDS), "it gave up");
            assertTrue(broker.output().contains("BOOT FAILED"), broker.output());
        }
    }

    private LocalBroker start(boolean writableLogs) throws Exception {
        return LocalBroker.start(folder, writableLogs, Map.of());
    }
}
