package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The worker on a data set people brought: its trial names {@code sha256:<hex>}, and the trainer fetches the file from
 * a stand-in for the cdn's {@code GET /media/<hex>} (on the loopback, with the configured service token). A cdn that
 * fails for a while only delays the work; a data set it does not have is dead-lettered with the reason.
 */
@QuarkusTest
@QuarkusTestResource(value = BroughtDatasetWorkerTest.StandInCdn.class, restrictToAnnotatedClass = true)
class BroughtDatasetWorkerTest {

    private static final String QUEUE = "hud.training.test";
    private static final String DEAD = "hud.training.dead";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Broker broker;

    /** The cdn's media store as the trainer sees it; its state in JDK types, whichever class loader reads it. */
    public static class StandInCdn implements QuarkusTestResourceLifecycleManager {
        static final String TOKEN = "trainer-service-token";
        static final Map<String, byte[]> MEDIA = new ConcurrentHashMap<>();
        /** Answers to give before serving the file: one status per request. */
        static final Queue<Integer> FAILURES = new ConcurrentLinkedQueue<>();
        static final AtomicInteger REQUESTS = new AtomicInteger();
        static final AtomicInteger UNAUTHORISED = new AtomicInteger();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/media/", exchange -> {
                REQUESTS.incrementAndGet();
                byte[] body = MEDIA.get(exchange.getRequestURI().getPath().substring("/media/".length()));
                Integer failure = FAILURES.poll();
                int status = failure != null ? failure : body == null ? 404 : 200;
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    UNAUTHORISED.incrementAndGet();
                    status = 401;
                }
                if (status == 200) {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } else {
                    exchange.sendResponseHeaders(status, -1);
                }
                exchange.close();
            });
            server.start();
            return Map.of("hud.trainer.media.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "hud.trainer.media.token", TOKEN);
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @BeforeAll
    static void connect() throws Exception {
        broker = new Broker();
        broker.purge(QUEUE);
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @BeforeEach
    void resetCounts() {
        StandInCdn.REQUESTS.set(0);
        StandInCdn.FAILURES.clear();
    }

    @Test
    void aTrialTrainsOnADataSetTheCdnServes() throws Exception {
        String job = WorkMessages.jobId();
        broker.publishWork("test", WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.05, 0.4, 4),
                search(publish(60))));

        JsonNode result = broker.await(Broker.key("training.trial", job), WAIT).body();
        assertEquals(3, result.get("folds").size());
        JsonNode fold = result.get("folds").get(0);
        assertEquals(48, fold.get("trainRows").asInt() + fold.get("earlyStoppingRows").asInt()
                + fold.get("scoredRows").asInt(), "the 80% training split of the 60 rows: " + fold);
        assertEquals(1, StandInCdn.REQUESTS.get());
        assertEquals(0, StandInCdn.UNAUTHORISED.get(), "asked with the service token");
    }

    @Test
    void aCdnThatFailsForAWhileOnlyDelaysTheWork() throws Exception {
        String dataset = search(publish(40));
        StandInCdn.FAILURES.add(503);
        StandInCdn.FAILURES.add(502);
        String job = WorkMessages.jobId();
        broker.publishWork("test", WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.05, 0.4, 2), dataset));

        JsonNode result = broker.await(Broker.key("training.trial", job), WAIT).body();
        assertEquals(job + "/0", result.get("trialId").asText());
        assertEquals(3, StandInCdn.REQUESTS.get(), "given back twice, then fetched");
    }

    @Test
    void aDataSetTheCdnDoesNotHaveIsDeadLetteredWithTheReason() throws Exception {
        String job = WorkMessages.jobId();
        String missing = "0".repeat(64);
        broker.publishWork("test", WorkMessages.trial(job, job + "/0", WorkMessages.cell(0.05, 0.4, 2),
                search(missing)));

        var dead = broker.awaitDeadLetter(DEAD, job, WAIT);
        String reason = dead.getValue().get("x-hud-reason").toString();
        assertTrue(reason.contains("no data set sha256:" + missing + " (404)"), reason);
    }

    private static String search(String sha256) {
        return WorkMessages.search(3, 0).replace("\"wdbc\"",
                "\"sha256:" + sha256 + "\",\"label\":\"kind\",\"positiveClass\":\"dog\"");
    }

    /** A new two-class CSV of this many rows (other bytes every run: the trainer's cache does not know it). */
    private static String publish(int rows) throws Exception {
        var random = new Random();
        var csv = new StringBuilder("width,height,kind\n");
        for (int row = 0; row < rows; row++) {
            boolean dog = row % 2 == 0;
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%s\n", (dog ? 5 : 1) + random.nextDouble(),
                    (dog ? 6 : 2) + random.nextDouble(), dog ? "dog" : "cat"));
        }
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        StandInCdn.MEDIA.put(sha256, content);
        return sha256;
    }
}
