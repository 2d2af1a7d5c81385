package dev.hud.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Playwright for Java driving Debian's headless Chromium. Its driver is npm's playwright-core (see
 * package.json) run by this machine's node: no browser and no driver is ever downloaded.
 */
public final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {
    }

    public static Playwright playwright() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium (.ci/run does)");
        }
        // The layout Playwright expects of a preinstalled driver: <dir>/node and <dir>/package/cli.js.
        Path driver = Path.of("target/playwright-driver").toAbsolutePath();
        Files.createDirectories(driver);
        link(driver.resolve("node"), node());
        link(driver.resolve("package"), Path.of("node_modules/playwright-core").toAbsolutePath());
        System.setProperty("playwright.cli.dir", driver.toString());
        return Playwright
                .create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /**
     * Waits until the page is at {@code path} (whatever its query). Not a glob: {@code "**}{@code /training"} also
     * matches the login page's own {@code ?next=/training}, and would let a test go on before the login is done.
     */
    public static void waitForPath(Page page, String path) {
        page.waitForURL(url -> path.equals(URI.create(url).getPath()));
    }

    public static com.microsoft.playwright.Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run", "--disable-sync", "--js-flags=--expose-gc")));
    }

    private static Path node() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("node is not on the PATH: the Playwright driver runs on it");
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }
}
