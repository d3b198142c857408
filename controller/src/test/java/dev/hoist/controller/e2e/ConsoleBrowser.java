package dev.hoist.controller.e2e;

import static org.awaitility.Awaitility.await;

import dev.hoist.controller.testing.DebianPrograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: both paths are given, so Selenium
 * never looks for (or downloads) a browser or a driver of its own. One fresh profile per browser.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String baseUrl;
    private final Path screenshots;
    private int failures;

    /** Fails in CI, skips elsewhere, when chromium or chromedriver is missing: see {@link DebianPrograms}. */
    static void requireBrowser() {
        DebianPrograms.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run does it)",
                "browser tests");
    }

    ConsoleBrowser(String baseUrl, Path profile, Path screenshots) throws IOException {
        requireBrowser();
        this.baseUrl = baseUrl;
        this.screenshots = screenshots;
        Files.createDirectories(screenshots);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--user-data-dir=" + profile, "--window-size=1280,1400");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String fragment) {
        driver.get(baseUrl + "/#" + fragment);
    }

    /** Signs in with {@code token}, signing out first whoever is signed in. */
    void signIn(String token) {
        driver.get(baseUrl + "/");
        await("the console loaded").atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> displayed(By.id("token")) || displayed(By.id("sign-out")));
        if (displayed(By.id("sign-out"))) {
            driver.findElement(By.id("sign-out")).click();
        }
        WebElement field = waitFor(By.id("token"));
        field.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.id("sign-out"));
        await("signed in").atMost(WAIT).until(() -> driver.findElement(By.id("who")).isDisplayed());
    }

    boolean displayed(By locator) {
        return driver.findElements(locator).stream().anyMatch(WebElement::isDisplayed);
    }

    WebElement waitFor(By locator) {
        return explained(() -> await("element " + locator).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    List<WebElement> found = driver.findElements(locator);
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                }, element -> element != null));
    }

    void waitForText(By locator, String text) {
        explained(() -> {
            await(locator + " shows '" + text + "'").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> driver.findElement(locator).getText().contains(text));
            return null;
        });
    }

    /** A wait that timed out says what the page showed and what the browser logged, and leaves a screenshot. */
    <T> T explained(java.util.function.Supplier<T> wait) {
        try {
            return wait.get();
        } catch (ConditionTimeoutException e) {
            String name = "failure-" + (++failures);
            screenshot(name);
            StringBuilder logs = new StringBuilder();
            try {
                for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                    logs.append("\n  ").append(entry.getLevel()).append(' ').append(entry.getMessage());
                }
            } catch (RuntimeException ignored) {
                logs.append(" (not available)");
            }
            throw new AssertionError(e.getMessage() + "\nscreenshot: " + screenshots.resolve(name + ".png")
                    + "\npage text:\n" + driver.findElement(By.tagName("body")).getText()
                    + "\nbrowser console:" + logs, e);
        }
    }

    /** Saves the page as target/console-screenshots/NAME.png. */
    void screenshot(String name) {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script in the page that calls back (the last argument) with its result. */
    Object async(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
