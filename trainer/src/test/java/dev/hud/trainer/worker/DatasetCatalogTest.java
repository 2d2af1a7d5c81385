package dev.hud.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.hud.common.messages.TrainingWork;
import dev.hud.trainer.TrainerConfig;
import dev.hud.trainer.store.DatasetDownloads;
import dev.hud.trainer.store.ServiceToken;

/**
 * Data sets people brought ({@code sha256:<hex>}), fetched from a stand-in for the cdn's {@code GET /media/<hex>} on
 * the loopback that answers only with the trainer's bearer token: downloaded once, verified, cached, parsed; what can
 * never be fetched is invalid work, a cdn that cannot be asked now is not.
 */
class DatasetCatalogTest {

    private static final String TOKEN = "trainer-token";
    private static final byte[] CSV = """
            width,height,kind
            1.0,2.0,cat
            1.5,2.5,cat
            1.2,2.1,cat
            9.0,8.0,dog
            9.5,8.5,dog
            """.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path state;

    private HttpServer server;
    /** What the cdn serves under each name. */
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger unauthorised = new AtomicInteger();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/media/", exchange -> {
            requests.incrementAndGet();
            byte[] body = media.get(exchange.getRequestURI().getPath().substring("/media/".length()));
            int answer = status != 200 ? status : body == null ? 404 : 200;
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || !exchange.getRequestMethod().equals("GET")) {
                unauthorised.incrementAndGet();
                answer = 401;
            }
            if (answer == 200) {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(answer, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDataSetPeopleBroughtIsDownloadedVerifiedAndParsed() throws IOException {
        String sha256 = publish(CSV);

        var dataset = catalog().load("sha256:" + sha256, "kind", "dog");

        assertEquals(List.of("width", "height"), dataset.featureNames());
        assertEquals(5, dataset.rows());
        assertEquals(2, dataset.positives());
        assertEquals("cat", dataset.negativeClass());
        assertArrayEquals(new double[] { 9.5, 8.5 }, dataset.features()[4]);
        assertEquals(0, unauthorised.get(), "every request carries the service token");
        assertArrayEquals(CSV, Files.readAllBytes(state.resolve("datasets").resolve(sha256 + ".csv")));
        assertEquals(List.of(sha256 + ".csv"), cached(), "no partial file left beside it");
    }

    @Test
    void aSecondResolutionDownloadsNothing() throws IOException {
        String sha256 = publish(CSV);
        var catalog = catalog();

        var first = catalog.load("sha256:" + sha256, "kind", "dog");
        assertEquals(1, requests.get());
        assertTrue(first == catalog.load("sha256:" + sha256, "kind", "dog"), "parsed once");
        // Another trainer process on the same state dir (or this one after a restart) reads the cached file.
        var again = catalog().load("sha256:" + sha256, "kind", "cat");
        assertEquals("cat", again.positiveClass());
        assertEquals(1, requests.get(), "the cdn was asked once");
    }

    @Test
    void fetchedDataSetsNoJobUsedForAWeekAreDeletedAndFetchedAgainWhenNamed() throws IOException {
        String old = publish(CSV);
        String recent = publish("width,height,kind\n1,2,cat\n2,3,dog\n3,4,cat\n".getBytes(StandardCharsets.UTF_8));
        catalog().load("sha256:" + old, "kind", "dog");
        catalog().load("sha256:" + recent, "kind", "dog");
        Instant now = Instant.now();
        Path oldFile = state.resolve("datasets").resolve(old + ".csv");
        Path recentFile = state.resolve("datasets").resolve(recent + ".csv");
        Files.setLastModifiedTime(oldFile, FileTime.from(now.minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(recentFile, FileTime.from(now.minus(Duration.ofDays(8))));
        // A job uses the recent one again (another trainer on the same state dir, its parsed copy not in memory).
        catalog().load("sha256:" + recent, "kind", "cat");

        var catalog = catalog();
        assertEquals(List.of(oldFile), catalog.prune(now.plusSeconds(1)));
        assertEquals(List.of(recent + ".csv"), cached(), "the one in use stays");
        assertEquals(2, requests.get());

        assertEquals(5, catalog.load("sha256:" + old, "kind", "dog").rows(), "named again, fetched again");
        assertEquals(3, requests.get());
        assertEquals(List.of(), catalog.prune(now.plusSeconds(1)), "nothing is pruned that was just used");
    }

    @Test
    void otherBytesThanTheHashSaysAreRefusedAndNotKept() throws IOException {
        String sha256 = publish(CSV);
        media.put(sha256, "width,height,kind\n6,6,cat\n7,7,dog\n".getBytes(StandardCharsets.UTF_8));

        var refused = assertThrows(InvalidWorkException.class,
                () -> catalog().load("sha256:" + sha256, "kind", "dog"));
        assertTrue(refused.getMessage().contains("SHA-256"), refused.getMessage());
        assertEquals(List.of(), cached(), "nothing kept, not even a partial file");
    }

    @Test
    void aDataSetTheCdnDoesNotHaveIsInvalidWork() throws IOException {
        String missing = sha256("never uploaded".getBytes(StandardCharsets.UTF_8));
        var refused = assertThrows(InvalidWorkException.class,
                () -> catalog().load("sha256:" + missing, "kind", null));
        assertTrue(refused.getMessage().contains("404"), refused.getMessage());

        String forbidden = publish(CSV);
        status = 403;
        var denied = assertThrows(InvalidWorkException.class,
                () -> catalog().load("sha256:" + forbidden, "kind", null));
        assertTrue(denied.getMessage().contains("403"), denied.getMessage());
        assertEquals(List.of(), cached());
    }

    @Test
    void aCdnThatCannotBeAskedNowIsNotTheWorksFault() throws IOException {
        String sha256 = publish(CSV);
        var catalog = catalog();
        status = 503;
        var failing = assertThrows(DatasetDownloads.Unavailable.class,
                () -> catalog.load("sha256:" + sha256, "kind", "dog"));
        assertTrue(failing.getMessage().contains("503"), failing.getMessage());

        server.stop(0);
        var down = assertThrows(RuntimeException.class, () -> catalog.load("sha256:" + sha256, "kind", "dog"));
        assertTrue(down instanceof DatasetDownloads.Unavailable, "transient, not invalid: " + down);
        assertEquals(List.of(), cached());
    }

    @Test
    void aCsvTheReaderRefusesIsInvalidWork() throws IOException {
        String sha256 = publish("width,height,kind\n1,x,cat\n2,3,dog\n".getBytes(StandardCharsets.UTF_8));
        var work = new ObjectMapper().readValue(WorkMessages.trial("job-1", "job-1/0", WorkMessages.cell(0.03, 0.4, 2),
                WorkMessages.search(2, 0).replace("\"wdbc\"", "\"sha256:" + sha256 + "\",\"label\":\"kind\"")),
                TrainingWork.class);

        var refused = assertThrows(InvalidWorkException.class,
                () -> new WorkValidator(config(Optional.of(base())), catalog()).validate(work));
        assertTrue(refused.getMessage().contains("row 2, column 'height'"), refused.getMessage());
    }

    @Test
    void onlyTheExactFormIsADataSetPeopleBrought() {
        String sha256 = sha256(CSV);
        for (String name : List.of("sha256:" + sha256.toUpperCase(), "sha256:" + sha256.substring(1),
                "sha256:" + sha256 + "0", "sha256:../" + sha256.substring(3), "sha256:")) {
            var refused = assertThrows(InvalidWorkException.class, () -> catalog().load(name, "kind", null), name);
            assertTrue(refused.getMessage().contains("64 lowercase hexadecimal digits"), refused.getMessage());
        }
        assertEquals(0, requests.get());
        assertEquals("diagnosis", catalog().load("wdbc", null, null).labelName(), "the built-in one as before");
    }

    @Test
    void withoutACdnADataSetPeopleBroughtIsInvalidWork() {
        String sha256 = publish(CSV);
        var catalog = new DatasetCatalog(config(Optional.empty()),
                new DatasetDownloads(config(Optional.empty()),
                        new ServiceToken(config(Optional.empty()), new ObjectMapper())));
        var refused = assertThrows(InvalidWorkException.class, () -> catalog.load("sha256:" + sha256, "kind", null));
        assertTrue(refused.getMessage().contains("hud.trainer.media.url"), refused.getMessage());
    }

    private String publish(byte[] content) {
        String sha256 = sha256(content);
        media.put(sha256, content);
        return sha256;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files in the data set cache. */
    private List<String> cached() throws IOException {
        Path folder = state.resolve("datasets");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private DatasetCatalog catalog() {
        TrainerConfig config = config(Optional.of(base()));
        return new DatasetCatalog(config, new DatasetDownloads(config, new ServiceToken(config, new ObjectMapper())));
    }

    private TrainerConfig config(Optional<URI> cdn) {
        var mediaConfig = new TrainerConfig.Media() {
            @Override
            public Optional<URI> url() {
                return cdn;
            }

            @Override
            public Optional<String> token() {
                return Optional.of(TOKEN);
            }

            @Override
            public Optional<URI> gatewayUrl() {
                return Optional.empty();
            }

            @Override
            public Optional<String> serviceSecret() {
                return Optional.empty();
            }
        };
        return (TrainerConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { TrainerConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "media" -> mediaConfig;
                    case "stateDir" -> state;
                    case "dataDir", "parallelism" -> Optional.empty();
                    case "maxEpochs" -> 2000;
                    case "datasetCacheTtl" -> Duration.ofDays(7);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
