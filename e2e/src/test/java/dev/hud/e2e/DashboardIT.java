package dev.hud.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * The live sensors dashboard in a real Chromium, through the gateway's single origin: the page from
 * the gateway, its script from the cdn, the stream from sensors, all three the packaged apps. The
 * page shows every node the broker carries samples of (another system on this machine adds its own):
 * what is checked is this sampler's node, e2e-node.
 */
class DashboardIT {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Map<String, String> DATABASE = Map.of("QUARKUS_DATASOURCE_USERNAME", "postgres",
            "HUD_DATABASE_CREATE_IF_MISSING", "true", "RABBITMQ_HOST", "127.0.0.1");

    private static Service sensors;
    private static Service cdn;
    private static Service gateway;

    @BeforeAll
    static void start() throws Exception {
        sensors = new Service("sensors", 18382, with(DATABASE, "QUARKUS_DATASOURCE_JDBC_URL", DB + "hud_telemetry_e2e",
                "HUD_SENSORS_NODE_NAME", "e2e-node", "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
        cdn = new Service("cdn", 18383,
                Map.of("HUD_CDN_MEDIA_ROOT", Path.of("target/media").toAbsolutePath().toString())).start();
        gateway = new Service("gateway", 18380, with(DATABASE, "QUARKUS_DATASOURCE_JDBC_URL", DB + "hud_gateway_e2e",
                "HUD_EDGE_CDN_URL", cdn.url(), "HUD_EDGE_SENSORS_URL", sensors.url(), "HUD_AUTH_ADMIN_PASSWORD",
                Tokens.ADMIN_PASSWORD,
                // The database outlives this test: its admin takes the configured password at every start.
                "HUD_AUTH_ADMIN_RESET_PASSWORD", "true", "HUD_JWT_PRIVATE_KEY_LOCATION", Tokens.PRIVATE_KEY.toString(),
                "HUD_JWT_PUBLIC_KEY_LOCATION", Tokens.PUBLIC_KEY.toString()))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Service service : new Service[] { gateway, cdn, sensors }) {
            if (service != null) {
                service.stop();
            }
        }
    }

    @Test
    void drawsTheLiveStreamSurvivesARestartAndDoesNotGrow() throws Exception {
        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            Page page = browser.newPage();
            page.onConsoleMessage(message -> System.out.println("browser console: " + message.text()));
            page.onPageError(error -> System.out.println("browser error: " + error));
            try {
                drive(page);
            } catch (RuntimeException | AssertionError e) {
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard-failure.png")));
                throw e;
            }
        }
    }

    /**
     * The last hour is for signed-in people: anonymous, the page says so; signed in, the page gets a token for the
     * sensors from the gateway (its session cookie stays there) and draws the history.
     */
    @Test
    void theLastHourIsForSignedInPeople() throws Exception {
        try (Playwright playwright = Browser.playwright(); var browser = Browser.chromium(playwright)) {
            Page page = browser.newPage();
            page.onConsoleMessage(message -> System.out.println("browser console: " + message.text()));
            try {
                lastHour(page);
            } catch (RuntimeException | AssertionError e) {
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard-history-failure.png")));
                throw e;
            }
        }
    }

    private static void lastHour(Page page) {
        page.navigate(gateway.url() + "/sensors");
        page.waitForSelector("#connection[data-state=live]");
        page.waitForSelector("section.node[data-node=e2e-node] .chart canvas");
        page.click("#history");
        page.waitForSelector("section.node[data-node=e2e-node] .history:text-is('Sign in to see the last hour.')");

        page.navigate(gateway.url() + "/login?next=/sensors");
        page.fill("input[name=username]", "admin");
        page.fill("input[name=password]", Tokens.ADMIN_PASSWORD);
        page.press("input[name=password]", "Enter");
        Browser.waitForPath(page, "/sensors");
        page.waitForSelector("section.node[data-node=e2e-node] .chart canvas");
        page.click("#history");
        page.waitForSelector("section.node[data-node=e2e-node] .history[data-points] canvas");
        assertEquals(0, page.locator(".history:has-text('Sign in')").count());
    }

    /** What a person would do and see, step by step. */
    private static void drive(Page page) throws Exception {
        page.navigate(gateway.url() + "/sensors");

        page.waitForSelector("#connection[data-state=live]");
        var chart = page.waitForSelector("section.node[data-node=e2e-node] .chart canvas");
        assertTrue(chart.isVisible());
        page.waitForFunction(
                "() => Number(document.querySelector('section.node[data-node=e2e-node]').dataset.points) >= 20");
        assertEquals(Runtime.getRuntime().availableProcessors(),
                page.locator("section.node[data-node=e2e-node] table.values tbody tr").count(),
                "a row of current values per core");
        long before = seq(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard-live.png")));

        // The sensors service goes away and comes back: the page says so and reconnects by itself.
        sensors.stop();
        page.waitForSelector("#connection[data-state=reconnecting]");
        sensors.start();
        page.waitForSelector("#connection[data-state=live][data-reconnects='1']",
                new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED).setTimeout(30_000));
        // The restarted sampler counts from 1 again: its samples are drawn once the sequence is below the old one
        // (a last sample of the old process may still arrive after the reconnect; it is not the new stream).
        page.waitForFunction(
                "previous =>"
                        + " Number(document.querySelector('section.node[data-node=e2e-node]').dataset.lastSeq) <"
                        + " previous",
                (double) before);
        long afterRestart = seq(page);
        page.waitForFunction(
                "previous => Number(document.querySelector('section.node[data-node=e2e-node]').dataset.lastSeq) >"
                        + " previous",
                (double) afterRestart);

        // A minute at 10 Hz: the chart keeps its 60 s and the page's memory does not grow.
        double heapBefore = heap(page);
        page.waitForTimeout(60_000);
        double heapAfter = heap(page);
        int points = Integer.parseInt(page.locator("section.node[data-node=e2e-node]").getAttribute("data-points"));
        assertTrue(points >= 450 && points <= 650, "the last 60 s at 10 Hz, got " + points + " points");
        assertTrue(heapAfter < heapBefore * 1.2 + 2_000_000, "JS heap " + heapBefore + " -> " + heapAfter + " bytes");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard-after-a-minute.png")));
    }

    private static long seq(Page page) {
        return Long.parseLong(page.locator("section.node[data-node=e2e-node]").getAttribute("data-last-seq"));
    }

    /** The used JS heap after a full garbage collection (Chromium started with --expose-gc). */
    private static double heap(Page page) {
        return ((Number) page.evaluate("() => { gc(); return performance.memory.usedJSHeapSize; }")).doubleValue();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        var all = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }
}
