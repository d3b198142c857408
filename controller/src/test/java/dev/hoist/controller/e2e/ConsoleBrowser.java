package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
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

    ConsoleBrowser(String baseUrl, Path profile, Path screenshots) throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does it)")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromedriver (apt-get install chromium-driver)").isExecutable();
        this.baseUrl = baseUrl;
        this.screenshots = screenshots;
        Files.createDirectories(screenshots);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--user-data-dir=" + profile, "--window-size=1280,1000");
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String fragment) {
        driver.get(baseUrl + "/#" + fragment);
    }

    void signIn(String token) {
        driver.get(baseUrl + "/");
        WebElement field = waitFor(By.id("token"));
        field.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.id("sign-out"));
        await("signed in").atMost(WAIT).until(() -> driver.findElement(By.id("who")).isDisplayed());
    }

    WebElement waitFor(By locator) {
        return await("element " + locator).atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    List<WebElement> found = driver.findElements(locator);
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                }, element -> element != null);
    }

    void waitForText(By locator, String text) {
        await(locator + " shows '" + text + "'").atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> driver.findElement(locator).getText().contains(text));
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
