package dev.hud.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * The seed's whole method in the browser, on a data set that is not WDBC, against the packaged gateway, trainer and
 * cdn over the real PostgreSQL and RabbitMQ: a new user uploads a CSV (two separable Gaussian classes, a quoted
 * header, a missing value), sees its data page and relevance chart, drops the feature that does not contribute,
 * submits a job with a network of their own, follows it to its model, and predicts an uploaded CSV with it.
 */
class DataWorkflowIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path WORK = Path.of("target/data-workflow").toAbsolutePath();
    private static final String PASSWORD = "a data-workflow password";

    private static Service cdn;
    private static Service trainer;
    private static Service gateway;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(WORK);
        cdn = new Service("cdn", 18493,
                Map.of("HUD_CDN_MEDIA_ROOT", WORK.resolve("media").toString(),
                        "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
        trainer = new Service("trainer", 18491,
                Map.of("RABBITMQ_HOST", "127.0.0.1", "HUD_TRAINER_DEVICE_KIND", "e2e-data",
                        "HUD_TRAINER_STATE_DIR", WORK.resolve("trainer").toString(),
                        "HUD_TRAINER_MEDIA_URL", cdn.url(), "HUD_TRAINER_MEDIA_TOKEN", Tokens.service("hud-trainer"),
                        "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
        var env = Tokens.gateway("hud_gateway_e2e_data", "e2e-data");
        env.putAll(Map.of("HUD_EDGE_CDN_URL", cdn.url(), "HUD_MEDIA_CDN_URL", cdn.url(), "HUD_TRAINER_URL",
                trainer.url()));
        gateway = new Service("gateway", 18490, env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Service service : new Service[] { gateway, trainer, cdn }) {
            if (service != null) {
                service.stop();
            }
        }
    }

    /**
     * "cell size" and "cell texture" tell the classes apart, "noise" does not; row {@code missingRow} (the header is
     * row 1) has no texture. The header is quoted as spreadsheets write it.
     */
    static String gaussians(int rows, long seed, int missingRow) {
        var random = new Random(seed);
        var csv = new StringBuilder("\"cell size\",\"cell texture\",\"noise\",\"outcome\"\r\n");
        for (int row = 2; row < rows + 2; row++) {
            boolean malignant = row % 3 == 0;
            double shift = malignant ? 4 : 0;
            csv.append(shift + random.nextGaussian()).append(',')
                    .append(row == missingRow ? "" : String.valueOf(shift + random.nextGaussian())).append(',')
                    .append(random.nextGaussian()).append(',').append(malignant ? "malignant" : "benign")
                    .append("\r\n");
        }
        return csv.toString();
    }

    @Test
    void aNewUserBringsTheirDataLooksAtItTrainsAndPredicts() throws Exception {
        String user = "dana-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        createUser(user);
        Path upload = Files.writeString(WORK.resolve("cells.csv"), gaussians(150, 7, 5));
        // Columns in another order than the model's, the label kept as an extra column.
        var rows = gaussians(60, 8, -1).lines().skip(1).map(line -> line.split(",")).toList();
        var toPredict = new StringBuilder("outcome,cell texture,cell size,noise\n");
        rows.forEach(cells -> toPredict.append(cells[3]).append(',').append(cells[1]).append(',').append(cells[0])
                .append(',').append(cells[2]).append('\n'));
        Path predictions = Files.writeString(WORK.resolve("to-predict.csv"), toPredict);

        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            Page page = browser.newPage();
            page.onPageError(error -> System.out.println("browser error: " + error));
            try {
                String datasetId = uploadAndLook(page, user, upload);
                String jobId = train(page, datasetId);
                predictAFile(page, jobId, predictions, rows);
            } catch (RuntimeException | AssertionError e) {
                page.screenshot(new Page.ScreenshotOptions().setPath(WORK.resolve("failure.png")).setFullPage(true));
                throw e;
            }
        }
    }

    /** The upload, its data page with the relevance chart and histograms; returns the data set's id. */
    private static String uploadAndLook(Page page, String user, Path file) {
        page.navigate(gateway.url() + "/datasets");
        page.waitForURL("**/login?next=*");
        page.fill("input[name=username]", user);
        page.fill("input[name=password]", PASSWORD);
        page.press("input[name=password]", "Enter");
        Browser.waitForPath(page, "/datasets");
        // The list is read once the form listens: a file chosen before that would go unnoticed.
        page.waitForSelector("#datasets tbody tr[data-id='wdbc']");

        page.setInputFiles("#upload input[name=file]", file);
        page.waitForSelector("#upload select[name=label] option:text-is('outcome')",
                new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        page.selectOption("#upload select[name=label]", "outcome");
        page.fill("#upload input[name=name]", "cells");
        page.fill("#upload input[name=positive]", "malignant");
        // Refused first: a value is missing, and the page says where.
        page.click("#upload button[type=submit]");
        page.waitForSelector("#upload-status .error:has-text(\"column 'cell texture' (1, first at row 5)\")");

        page.check("#upload input[name=missing][value=drop]");
        page.click("#upload button[type=submit]");
        page.waitForSelector("#upload-status .ok:has-text('149 rows, 3 features, 1 rows with missing values dropped')");
        page.click("#upload-status a");
        page.waitForURL(Pattern.compile(".*/datasets/[0-9a-f-]{36}$"));
        String datasetId = page.url().substring(page.url().lastIndexOf('/') + 1);

        page.waitForSelector("#relevance-chart canvas");
        page.waitForFunction("() => document.querySelectorAll('#features .histogram canvas').length === 3");
        List<String> ranked = page.locator("#relevance tbody tr td:nth-child(2)").allInnerTexts();
        assertEquals("noise", ranked.get(2), "the feature that does not tell the classes apart ranks last: " + ranked);
        assertTrue(page.locator("#classes").innerText().contains("malignant"));
        page.screenshot(new Page.ScreenshotOptions().setPath(WORK.resolve("data-page.png")).setFullPage(true));

        page.check("#relevance input[data-drop='noise']");
        page.waitForSelector("#selection-summary:has-text('Keeping 2 of 3 features')");
        page.click("#selection button[type=submit]");
        Browser.waitForPath(page, "/training");
        return datasetId;
    }

    /** A job on the selection with a network of one's own, followed to its end; returns its id. */
    private static String train(Page page, String datasetId) {
        page.waitForFunction("id => document.querySelector('#job-form select[name=dataset]').value === id",
                datasetId);
        assertEquals("noise", page.inputValue("#job-form input[name=drop]"));
        page.fill("#job-form input[name=name]", "cells, my network");
        page.fill("#job-form input[name=hidden]", "8");
        page.fill("#job-form input[name=dropout]", "0.2");
        page.fill("#job-form input[name=learningRate]", "0.05, 0.1");
        page.fill("#job-form input[name=momentum]", "0.9");
        page.fill("#job-form input[name=batchSize]", "10");
        page.fill("#job-form input[name=epochs]", "20");
        page.fill("#job-form input[name=folds]", "3");
        page.fill("#job-form input[name=patience]", "0");
        page.waitForSelector("#job-count:has-text('2 trials')");
        page.click("#job-form button[type=submit]");
        page.waitForURL(Pattern.compile(".*/training/[0-9a-f-]{36}$"));
        String jobId = page.url().substring(page.url().lastIndexOf('/') + 1);

        page.waitForSelector("#job-status[data-status=succeeded]",
                new Page.WaitForSelectorOptions().setTimeout(180_000));
        page.click("a[href^='/models/']");
        page.waitForURL(Pattern.compile(".*/models/.+$"));
        page.waitForSelector("#model-facts dt");
        String facts = page.locator("#model-facts").innerText();
        assertTrue(facts.contains("2 (without noise): cell size, cell texture"),
                "the model's features are the selection: " + facts);
        assertTrue(facts.contains("8 units, dropout 0.2"), "its network: " + facts);
        assertTrue(facts.contains("negative class benign"), facts);
        page.waitForSelector("#confusion table.confusion");
        assertEquals("/datasets/" + datasetId,
                page.getAttribute("#model-facts a[href^='/datasets/']", "href"), "its data set's page is a click away");
        return jobId;
    }

    /** A CSV predicted on the model page and downloaded: the classes are told apart. */
    private static void predictAFile(Page page, String jobId, Path file, List<String[]> rows) throws Exception {
        page.setInputFiles("#predict-file input[name=file]", file);
        page.click("#predict-file button[type=submit]");
        page.waitForSelector("#predictions-download");
        Download download = page.waitForDownload(() -> page.click("#predictions-download"));
        List<String> answer = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        assertEquals("outcome,cell texture,cell size,noise,predicted_class,probability", answer.get(0));
        assertEquals(rows.size() + 1, answer.size());
        int right = 0;
        for (String line : answer.subList(1, answer.size())) {
            String[] cells = line.split(",");
            right += cells[0].equals(cells[4]) ? 1 : 0;
        }
        assertTrue(right >= rows.size() * 0.9, right + " of " + rows.size() + " predicted right");
        assertTrue(get("/api/training-jobs/" + jobId).contains("\"status\":\"succeeded\""));
    }

    private static String adminToken() throws Exception {
        return JobFlowIT.field(send("POST", "/api/auth/token", null,
                "{\"username\": \"admin\", \"password\": \"" + Tokens.ADMIN_PASSWORD + "\"}").body(), "token");
    }

    private static void createUser(String name) throws Exception {
        var created = send("POST", "/api/users", adminToken(),
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"user\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpResponse<String> send(String method, String path, String token, String json)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Content-Type",
                "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
