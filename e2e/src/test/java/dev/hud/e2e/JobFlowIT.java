package dev.hud.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * A person trains a model end to end, in a real Chromium against the packaged gateway, trainer and
 * cdn over the real PostgreSQL and RabbitMQ: log in, submit a small grid, watch it finish, see the
 * curves and the heatmap; then the registered model is downloaded from the cdn, predicts through
 * the gateway, and an avatar goes through the gateway to the cdn.
 */
class JobFlowIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Service cdn;
    private static Service trainer;
    private static Service gateway;

    @BeforeAll
    static void start() throws Exception {
        cdn = new Service("cdn", 18393,
                Map.of("HUD_CDN_MEDIA_ROOT", Path.of("target/jobflow-media").toAbsolutePath().toString(),
                        "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
        trainer = new Service("trainer", 18391,
                Map.of("RABBITMQ_HOST", "127.0.0.1", "HUD_TRAINER_DEVICE_KIND", "e2e-cpu",
                        "HUD_TRAINER_STATE_DIR", Path.of("target/jobflow-trainer").toAbsolutePath().toString(),
                        "HUD_TRAINER_MEDIA_URL", cdn.url(), "HUD_TRAINER_MEDIA_TOKEN", Tokens.service("hud-trainer"),
                        "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
        var env = Tokens.gateway("hud_gateway_e2e_jobs", "e2e-cpu");
        env.putAll(
                Map.of("HUD_EDGE_CDN_URL", cdn.url(), "HUD_MEDIA_CDN_URL", cdn.url(), "HUD_TRAINER_URL", trainer.url(),
                        "HUD_SCHEDULE_MEDIA_CLEANUP_EVERY", "2s", "HUD_SCHEDULE_MEDIA_CLEANUP_GRACE", "1s"));
        gateway = new Service("gateway", 18390, env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Service service : new Service[] { gateway, trainer, cdn }) {
            if (service != null) {
                service.stop();
            }
        }
    }

    @Test
    void aPersonTrainsAModelAndUsesIt() throws Exception {
        String jobId;
        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            Page page = browser.newPage();
            page.onConsoleMessage(message -> System.out.println("browser console: " + message.text()));
            page.onPageError(error -> System.out.println("browser error: " + error));
            try {
                jobId = train(page);
            } catch (RuntimeException | AssertionError e) {
                page.screenshot(
                        new Page.ScreenshotOptions().setPath(Path.of("target/jobflow-failure.png")).setFullPage(true));
                throw e;
            }
        }
        String token = token();

        // The registered model: its file comes from the cdn through the app's origin, it predicts through the gateway.
        String model = get("/api/models/" + jobId, token).body();
        String download = field(model, "download");
        assertTrue(download.startsWith("/media/"), model);
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + download)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "a private file is not served for its id alone");
        var zip = viaAccessLink("/api/models/" + jobId + "/download", token);
        assertEquals(200, zip.statusCode());
        assertArrayEquals(new byte[] { 'P', 'K' }, Arrays.copyOf(zip.body(), 2), "a zip file");
        int features = model.substring(model.indexOf("\"features\":[")).split("]")[0].split(",").length;
        String row = "[" + String.join(",", Collections.nCopies(features, "0.5")) + "]";
        var prediction = send("POST", "/api/models/" + jobId + "/predictions", token, "application/json",
                ("{\"rows\": [" + row + "]}").getBytes());
        assertEquals(200, prediction.statusCode(), prediction.body());
        assertTrue(prediction.body().contains("\"probability\""), prediction.body());
        var bad = send("POST", "/api/models/" + jobId + "/predictions", token, "application/json",
                "{\"rows\": [[1, 2]]}".getBytes());
        assertEquals(400, bad.statusCode(), "the trainer's problem passes through: " + bad.body());

        // An avatar goes through the gateway to the cdn, which checks it is an image.
        var image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        var png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        var account = send("PUT", "/api/account/avatar", token, "image/png", png.toByteArray());
        assertEquals(200, account.statusCode(), account.body());
        String avatar = field(account.body(), "avatar");
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + avatar)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        var notImage = send("PUT", "/api/account/avatar", token, "image/png", "not a picture".getBytes());
        assertEquals(415, notImage.statusCode(), notImage.body());

        // A new avatar orphans the old one: the media clean-up removes it, and keeps the model's files.
        var second = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        second.setRGB(3, 3, 0xff0000);
        var secondPng = new ByteArrayOutputStream();
        ImageIO.write(second, "png", secondPng);
        var replaced = send("PUT", "/api/account/avatar", token, "image/png", secondPng.toByteArray());
        assertEquals(200, replaced.statusCode(), replaced.body());
        long deadline = System.currentTimeMillis() + 20_000;
        int old = 200;
        while (old != 404 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            old = HTTP
                    .send(HttpRequest.newBuilder(URI.create(gateway.url() + avatar)).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
        assertEquals(404, old, "the replaced avatar was cleaned up");
        assertEquals(200,
                HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + field(replaced.body(), "avatar"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(),
                "the current avatar stays");
        assertEquals(200, viaAccessLink("/api/models/" + jobId + "/download", token).statusCode(),
                "the model's file stays");
        assertTrue(get("/api/monitor/schedules", token).body().contains("removed 1 of"),
                "the clean-up's run is recorded");
    }

    @Test
    void loggingInLeadsOnlyToPagesOfThisSite() throws Exception {
        String site = URI.create(gateway.url()).getAuthority();
        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            for (String next : List.of("/\\evil.example", "//evil.example/x", "https://evil.example/",
                    "javascript:alert(1)",
                    "/models?sort=new")) {
                try (var context = browser.newContext()) {
                    Page page = context.newPage();
                    page.navigate(gateway.url() + "/login?next="
                            + URLEncoder.encode(next, StandardCharsets.UTF_8));
                    page.fill("input[name=username]", "admin");
                    page.fill("input[name=password]", Tokens.ADMIN_PASSWORD);
                    page.press("input[name=password]", "Enter");
                    page.waitForURL(url -> !url.contains("/login"));
                    URI landed = URI.create(page.url());
                    assertEquals(site, landed.getAuthority(), "next=" + next + " led to " + landed);
                    assertEquals(next.startsWith("/models") ? "/models" : "/training", landed.getPath(),
                            "next=" + next);
                }
            }
        }
    }

    @Test
    void anAdminManagesUsersAndAUserChangesTheirPassword() throws Exception {
        String name = "gina-" + Long.toHexString(System.nanoTime()).substring(0, 6);
        try (Playwright playwright = Browser.playwright();
                var browser = Browser.chromium(playwright);
                var adminContext = browser.newContext();
                var userContext = browser.newContext()) {
            Page admin = adminContext.newPage();
            logIn(admin, "/users", "admin", Tokens.ADMIN_PASSWORD);
            admin.waitForSelector("nav a[href='/users']:not([hidden])");
            admin.fill("#new-user input[name=username]", name);
            admin.fill("#new-user input[name=password]", "gina's first password");
            admin.click("#new-user button[type=submit]");
            var row = admin.locator("#users tr[data-username='" + name + "']");
            row.waitFor();
            assertEquals("active", row.locator("td").nth(2).textContent());

            row.locator("button[data-action=status]").click();
            admin.waitForSelector("#users tr[data-username='" + name + "'] td:nth-child(3):text-is('disabled')");
            row.locator("button[data-action=status]").click();
            admin.waitForSelector("#users tr[data-username='" + name + "'] td:nth-child(3):text-is('active')");
            // Her limits: one active job; the page reads them back from the API.
            admin.selectOption("#quota select[name=user]", row.getAttribute("data-id"));
            admin.waitForSelector("#quota-use:has-text('" + name + " now: 0 of 5 active jobs')");
            admin.fill("#quota input[name=activeJobs]", "1");
            admin.click("#quota button[type=submit]");
            admin.waitForSelector("#users-status:has-text(\"" + name + "'s limits are set\")");
            admin.waitForSelector("#quota-use:has-text('" + name + " now: 0 of 1 active jobs')");

            row.locator("input[name=password]").fill("gina's second password");
            row.locator("form[data-action=password] button").click();
            admin.waitForSelector("#users-status:has-text('password is set')");

            Page user = userContext.newPage();
            logIn(user, "/account", name, "gina's second password");
            user.waitForSelector("nav a[href='/users'][hidden]", new Page.WaitForSelectorOptions()
                    .setState(WaitForSelectorState.ATTACHED));
            user.fill("#password-form input[name=currentPassword]", "gina's second password");
            user.fill("#password-form input[name=newPassword]", "gina's third password");
            user.click("#password-form button[type=submit]");
            user.waitForSelector("#password-status:has-text('Password changed')");
            user.reload();
            user.waitForSelector("#account-name:text-is('" + name + "')"); // this session goes on with its new token

            row.locator("button[data-action=delete]").click();
            admin.waitForSelector("#users-status:has-text('is deleted')");
            assertEquals(0, admin.locator("#users tr[data-username='" + name + "']").count(),
                    "the message comes after the list is read again");
        }
    }

    private void logIn(Page page, String path, String username, String password) {
        page.navigate(gateway.url() + path);
        page.waitForURL("**/login?next=*");
        page.fill("input[name=username]", username);
        page.fill("input[name=password]", password);
        page.press("input[name=password]", "Enter");
        Browser.waitForPath(page, path);
    }

    /** What a person would do and see, step by step; returns the job's id. */
    private static String train(Page page) {
        page.navigate(gateway.url() + "/training");
        page.waitForURL("**/login?next=*");
        page.fill("input[name=username]", "admin");
        page.fill("input[name=password]", Tokens.ADMIN_PASSWORD);
        page.press("input[name=password]", "Enter");
        Browser.waitForPath(page, "/training");

        page.fill("input[name=learningRate]", "0.02, 0.03");
        page.fill("input[name=momentum]", "0.4, 0.45");
        page.fill("input[name=folds]", "3");
        page.fill("input[name=epochs]", "15");
        page.fill("input[name=patience]", "3");
        page.fill("input[name=name]", "e2e small grid");
        page.click("#job-form button[type=submit]");
        page.waitForURL(Pattern.compile(".*/training/[0-9a-f-]{36}$"));
        String jobId = page.url().substring(page.url().lastIndexOf('/') + 1);

        // It finishes without a reload: the status arrives over the event stream.
        page.waitForSelector("#job-status[data-status=succeeded]",
                new Page.WaitForSelectorOptions().setTimeout(120_000));
        page.waitForFunction("() => document.querySelectorAll('#heatmap td.scored').length === 4");
        page.waitForSelector("#loss-chart canvas");
        page.waitForSelector("#accuracy-chart canvas");
        assertEquals(4, page.locator("#trials tbody tr").count());
        assertTrue(page.locator("#job-facts").innerText().contains("Holdout accuracy"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/jobflow-job.png")).setFullPage(true));

        // The jobs list shows it done, with its progress at 100 %.
        page.navigate(gateway.url() + "/training");
        page.waitForSelector("#jobs tr[data-job='" + jobId + "'] .status[data-status=succeeded]");
        return jobId;
    }

    private static String token() throws Exception {
        var response = send("POST", "/api/auth/token", null, "application/json",
                ("{\"username\": \"admin\", \"password\": \"" + Tokens.ADMIN_PASSWORD + "\"}").getBytes());
        return field(response.body(), "token");
    }

    /** A private file: the API's redirect with an access link, then the file from the cdn, without a token. */
    private static HttpResponse<byte[]> viaAccessLink(String path, String token) throws Exception {
        var redirect = get(path, token);
        assertEquals(303, redirect.statusCode(), redirect.body());
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.url() + location.getRawPath() + "?" + location.getRawQuery()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return matcher.group(1);
    }
}
