package dev.hud.e2e.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import dev.hud.e2e.Browser;

/**
 * The system as its users meet it, from its start with the README's run command to its stop: an
 * admin creates a user, who logs in, uploads an avatar, submits a small grid, follows it over SSE
 * to its end, downloads the model from the cdn, gets predictions from it, and in headless Chromium
 * sees the live sensors chart and the job's learning curves drawn; then the system stops cleanly.
 */
class SystemScenarioIT {

    private static final int EPOCHS = 12;
    private static final String PASSWORD = "a long enough password";

    @Test
    void aNewUserTrainsAModelAndUsesIt() throws Exception {
        var system = new HudSystem("system-scenario").start();
        try {
            Api admin = new Api(system.url()).login("admin", system.adminPassword());
            var created = admin.post("/api/users",
                    "{\"username\": \"ada\", \"password\": \"" + PASSWORD + "\", \"role\": \"user\"}");
            assertEquals(201, created.statusCode(), created.body());
            Api ada = new Api(system.url()).login("ada", PASSWORD);
            assertEquals("ada", Api.json(ada.get("/api/account")).path("username").asText());

            String avatar = uploadAvatar(ada);
            String jobId = trainFollowingTheStream(ada);
            String modelId = downloadModelAndPredict(ada, jobId);
            assertEquals(jobId, modelId, "the job's model");
            inTheBrowser(system, jobId);
            assertEquals(avatar, Api.json(ada.get("/api/account")).path("avatar").asText(), "the avatar stays");
        } finally {
            stopsCleanly(system);
        }
    }

    /** A PNG through the gateway to the cdn; the same bytes come back from the media path. */
    private static String uploadAvatar(Api user) throws Exception {
        byte[] png = Images.png(40, 40, 0x3366cc);
        var response = user.send("PUT", "/api/account/avatar", "image/png", png);
        assertEquals(200, response.statusCode(), response.body());
        String avatar = Api.json(response).path("avatar").asText();
        assertTrue(avatar.startsWith("/media/"), response.body());
        var stored = user.bytes(avatar);
        assertEquals(200, stored.statusCode());
        assertArrayEquals(png, stored.body());
        return avatar;
    }

    /** A 2x2 grid, 3 folds; its progress, trials and end arrive over the job's event stream. */
    private static String trainFollowingTheStream(Api user) throws Exception {
        var submitted = user.post("/api/training-jobs",
                "{\"name\": \"system scenario\", \"grid\": {\"learningRate\": [0.02, 0.03],"
                        + " \"momentum\": [0.4, 0.45]}, \"folds\": 3, \"epochs\": " + EPOCHS + "}");
        assertEquals(202, submitted.statusCode(), submitted.body());
        String jobId = Api.json(submitted).path("id").asText();
        assertEquals("/api/training-jobs/" + jobId,
                URI.create(submitted.headers().firstValue("Location").orElseThrow()).getPath());

        Set<String> trialsSeen = new HashSet<>();
        int doneAtOpen = -1;
        int progressEvents = 0;
        String status = null;
        try (var events = user.events("/api/training-jobs/" + jobId + "/events")) {
            long deadline = System.currentTimeMillis() + 180_000;
            while (!"succeeded".equals(status) && System.currentTimeMillis() < deadline) {
                Api.Event event = events.next(5);
                if (event == null) {
                    continue;
                }
                JsonNode data = event.json();
                switch (event.name()) {
                    case "job" -> {
                        status = data.path("status").asText();
                        assertFalse("failed".equals(status) || "cancelled".equals(status), event.data());
                        if (doneAtOpen < 0) {
                            // Trials already done when the stream opened are in its first snapshot.
                            doneAtOpen = data.path("trialsSucceeded").asInt();
                        }
                    }
                    case "progress" -> progressEvents++;
                    case "trial" -> trialsSeen.add(data.path("trialId").asText());
                    default -> {
                    }
                }
            }
        }
        assertEquals("succeeded", status, "the stream told the job's end");
        assertTrue(progressEvents > 0, "epochs were streamed as they ran");
        assertTrue(doneAtOpen + trialsSeen.size() >= 4,
                "every trial's end was told: " + doneAtOpen + " done at first, then " + trialsSeen);

        JsonNode job = user.job(jobId);
        assertEquals(4, job.path("trialResults").size());
        for (JsonNode trial : job.path("trialResults")) {
            assertEquals("succeeded", trial.path("status").asText(), trial.toString());
            assertTrue(trial.path("meanAccuracy").asDouble() > 0.85, "a trained network: " + trial);
        }
        assertTrue(job.path("holdout").path("accuracy").asDouble() > 0.9, "holdout: " + job.path("holdout"));
        assertEquals(100.0, job.path("progress").asDouble());
        return jobId;
    }

    /** The model's zip comes from the cdn (through the single origin) and predicts rows of the data set. */
    private static String downloadModelAndPredict(Api user, String jobId) throws Exception {
        JsonNode model = Api.json(user.get("/api/models/" + jobId));
        String download = model.path("download").asText();
        assertTrue(download.startsWith("/media/"), model.toString());
        assertEquals(401, user.bytes(download).statusCode(), "a private file is not served for its id alone");
        var zip = user.viaAccessLink("/api/models/" + jobId + "/download");
        assertEquals(200, zip.statusCode());
        assertArrayEquals(new byte[] { 'P', 'K' }, Arrays.copyOf(zip.body(), 2), "a zip file");

        // Ten rows of the data set, five of each class, by their feature names.
        List<String> lines = Files.readAllLines(Path.of("../common/src/main/resources/datasets/wdbc.csv"));
        String[] header = lines.get(0).split(",");
        var rows = Api.JSON.createArrayNode();
        var labels = new ArrayList<String>();
        int malignant = 0;
        int benign = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",");
            String label = values[values.length - 1];
            if ("M".equals(label) ? malignant++ >= 5 : benign++ >= 5) {
                continue;
            }
            ObjectNode row = rows.addObject();
            for (JsonNode feature : model.path("features")) {
                int column = Arrays.asList(header).indexOf(feature.asText());
                row.put(feature.asText(), Double.parseDouble(values[column]));
            }
            labels.add(label);
        }
        var answer = user.post("/api/models/" + jobId + "/predictions", "{\"rows\": " + rows + "}");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode predictions = Api.json(answer);
        String positive = predictions.path("positiveClass").asText();
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            String predicted = predictions.path("predictions").get(i).path("predictedClass").asText();
            boolean saysMalignant = predicted.equals(positive);
            right += saysMalignant == "M".equals(labels.get(i)) ? 1 : 0;
        }
        assertTrue(right >= 8, right + " of 10 known rows predicted right: " + answer.body());
        return model.path("id").asText();
    }

    /** The person's view: the live sensors chart and the job's curves, in headless Chromium. */
    private static void inTheBrowser(HudSystem system, String jobId) throws Exception {
        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            Page page = browser.newPage();
            page.onPageError(error -> System.out.println("browser error: " + error));
            try {
                page.navigate(system.url() + "/login");
                page.fill("input[name=username]", "ada");
                page.fill("input[name=password]", PASSWORD);
                page.press("input[name=password]", "Enter");
                page.waitForURL(url -> !url.contains("/login"));

                page.navigate(system.url() + "/sensors");
                page.waitForSelector("#connection[data-state=live]");
                assertNotNull(page.waitForSelector("section.node .chart canvas"));
                page.waitForFunction("() => Number(document.querySelector('section.node').dataset.points) >= 20");

                page.navigate(system.url() + "/training/" + jobId);
                page.waitForSelector("#job-status[data-status=succeeded]");
                page.waitForFunction("() => document.querySelectorAll('#heatmap td.scored').length === 4");
                for (String chart : List.of("#loss-chart", "#accuracy-chart")) {
                    page.waitForSelector(chart + " canvas");
                    assertEquals(String.valueOf(EPOCHS), page.locator(chart).getAttribute("data-epochs"),
                            chart + ": every epoch drawn");
                    assertEquals("6", page.locator(chart).getAttribute("data-curves"),
                            chart + ": train and validation of 3 folds");
                }
                page.screenshot(
                        new Page.ScreenshotOptions().setPath(Path.of("target/system-job.png")).setFullPage(true));
            } catch (RuntimeException | AssertionError e) {
                page.screenshot(
                        new Page.ScreenshotOptions().setPath(Path.of("target/system-failure.png")).setFullPage(true));
                throw e;
            }
        }
    }

    /** {@code ./hud down}: every service ends on SIGTERM within its grace time, none has to be killed. */
    private static void stopsCleanly(HudSystem system) throws Exception {
        var down = system.down().assertSucceeded("./hud down");
        assertFalse(down.output().contains("killing it"), down.output());
        for (String service : List.of("gateway", "trainer", "sensors", "cdn")) {
            assertTrue(down.output().contains(service + " stopped"), down.output());
            String log = system.logText(service);
            assertTrue(log.contains("stopped in"), service + " logged its orderly shutdown");
        }
    }
}
