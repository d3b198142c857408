package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.BenchmarkRuns.deleteTree;
import static dev.hoist.controller.e2e.BenchmarkRuns.median;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.By;

/**
 * How the console's Fleet page copes with a large fleet: a real controller whose registry holds
 * {@code --agents} agents (written straight into its SQLite store, see {@link FleetRows}), Debian's
 * headless chromium signed in to the console. Measured, each the median of {@code --runs} after one
 * warm-up: the API's page of 100 agents ({@code GET /api/v1/agents?limit=100}, bearer token, from
 * this JVM); the Fleet page opened in a new document until its first 100 rows are drawn (the module
 * scripts, the session check, the page read and the table; {@code performance.now()} in the page); the
 * next page and a tag filter (from the click to the rows drawn); and the longest main-thread task the
 * page ran meanwhile (Chromium's long-task entries: what a user would feel as a freeze). Not a test:
 * run it with {@code scripts/bench/run.sh console [--agents 5000] [--runs 5]}.
 *
 * <p>Prints one line per run and, last, {@code RESULT console-fleet agents=N api_page_ms=...
 * page_load_ms=... next_page_ms=... filter_ms=... longest_task_ms=... rows_in_dom=...}.
 */
public final class ConsoleFleetBenchmark {
    private ConsoleFleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int agents = 5_000;
        int runs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--agents" -> agents = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--agents N, --runs N)");
            }
        }
        Path work = Files.createTempDirectory("hoist-bench-console");
        try (HoistCluster cluster = new HoistCluster(work)) {
            cluster.startController();
            FleetRows.insert(cluster.dataDir().resolve("hoist.db"), agents);
            String token = Files.readString(cluster.dataDir().resolve("admin.token")).trim();
            HttpClient http = HttpClient.newHttpClient();
            try (ConsoleBrowser browser = new ConsoleBrowser(cluster.apiUrl(), work.resolve("chromium-profile"),
                    work.resolve("screenshots"))) {
                browser.signIn(token);
                List<Long> api = new ArrayList<>();
                List<Long> load = new ArrayList<>();
                List<Long> next = new ArrayList<>();
                List<Long> filter = new ArrayList<>();
                List<Long> longest = new ArrayList<>();
                long rows = 0;
                for (int run = 0; run <= runs; run++) {
                    long started = System.nanoTime();
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(cluster.apiUrl()
                            + "/api/v1/agents?limit=100&offset=0")).header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long apiMs = (System.nanoTime() - started) / 1_000_000;
                    if (page.statusCode() != 200) {
                        throw new IllegalStateException("GET /api/v1/agents answered " + page.statusCode());
                    }

                    browser.driver().get(cluster.apiUrl() + "/?run=" + run + "#/fleet");
                    long loadMs = untilDrawn(browser, "1–100 of");
                    browser.driver().executeScript("window.__longest = 0; new PerformanceObserver((list) => "
                            + "list.getEntries().forEach((e) => { window.__longest = Math.max(window.__longest, "
                            + "e.duration); })).observe({type: 'longtask', buffered: true});");
                    long nextMs = clickUntilDrawn(browser, By.id("agents-next"), "101–200 of");
                    browser.driver().findElement(By.id("f-tag")).sendKeys("rack=r07");
                    long filterMs = clickUntilDrawn(browser, By.cssSelector("form.filters button[type=submit]"),
                            " of " + (agents / 100 + (agents % 100 > 7 ? 1 : 0)) + " agents");
                    long longestMs = Math.round(((Number) browser.driver().executeScript(
                            "return window.__longest;")).doubleValue());
                    rows = browser.driver().findElements(By.cssSelector("tr[data-agent]")).size();
                    System.out.printf("%s %d: api page %d ms, page load %d ms, next page %d ms, tag filter %d ms, "
                            + "longest task %d ms%n", run == 0 ? "warm-up" : "run", run, apiMs, loadMs, nextMs,
                            filterMs, longestMs);
                    if (run > 0) {
                        api.add(apiMs);
                        load.add(loadMs);
                        next.add(nextMs);
                        filter.add(filterMs);
                        longest.add(longestMs);
                    }
                }
                browser.driver().get(cluster.apiUrl() + "/#/fleet");
                untilDrawn(browser, "1–100 of");
                long allRows = browser.driver().findElements(By.cssSelector("tr[data-agent]")).size();
                System.out.printf("RESULT console-fleet agents=%d api_page_ms=%d page_load_ms=%d next_page_ms=%d "
                        + "filter_ms=%d longest_task_ms=%d rows_in_dom=%d runs=%d%n", agents, median(api),
                        median(load), median(next), median(filter), Collections.max(longest), allRows, runs);
                if (rows == 0) {
                    throw new IllegalStateException("the filtered page showed no agent");
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The page's own clock when {@code #agents-count} first shows {@code text} (polled each frame). */
    private static long untilDrawn(ConsoleBrowser browser, String text) {
        return ((Number) browser.async("""
                const [text, done] = arguments;
                const check = () => {
                  const count = document.getElementById('agents-count');
                  if (count && count.textContent.includes(text)) done(performance.now());
                  else requestAnimationFrame(check);
                };
                check();
                """, text)).longValue();
    }

    /** From the click to {@code #agents-count} showing {@code text}, on the page's clock. */
    private static long clickUntilDrawn(ConsoleBrowser browser, By target, String text) {
        return ((Number) browser.async("""
                const [target, text, done] = arguments;
                const started = performance.now();
                target.click();
                const check = () => {
                  const count = document.getElementById('agents-count');
                  if (count && count.textContent.includes(text)) done(performance.now() - started);
                  else requestAnimationFrame(check);
                };
                requestAnimationFrame(check);
                """, browser.driver().findElement(target), text)).longValue();
    }
}
