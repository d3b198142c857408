package dev.hoist.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.controller.testing.DebianPrograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi, which Firefox speaks natively: started with
 * {@code --remote-debugging-port=0}, it prints the WebSocket it listens on, and this class speaks the
 * protocol's JSON over it with {@code java.net.http} (no geckodriver, which Debian does not package, and
 * nothing downloaded). It offers what the console's tests need: navigate, run a script in the page (to
 * read it, click, fill a form), take a screenshot. One fresh profile per browser.
 */
final class FirefoxBidi implements AutoCloseable {
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String context;
    private final Path screenshots;
    private final Path log;

    /** Fails in CI, skips elsewhere, when Firefox is missing: see {@link DebianPrograms}. */
    static void requireBrowser() {
        DebianPrograms.require(Files.isExecutable(FIREFOX),
                "Debian's Firefox ESR at " + FIREFOX + " (apt-get install firefox-esr; .ci/run does it)",
                "Firefox tests");
    }

    FirefoxBidi(Path profile, Path screenshots) throws IOException, InterruptedException {
        requireBrowser();
        this.screenshots = screenshots;
        Files.createDirectories(profile);
        Files.createDirectories(screenshots);
        // No first-run pages, no updates, no telemetry: nothing in the profile reaches past loopback.
        Files.writeString(profile.resolve("user.js"), """
                user_pref("app.update.enabled", false);
                user_pref("app.update.auto", false);
                user_pref("browser.shell.checkDefaultBrowser", false);
                user_pref("browser.startup.homepage_override.mstone", "ignore");
                user_pref("datareporting.policy.dataSubmissionEnabled", false);
                user_pref("datareporting.healthreport.uploadEnabled", false);
                user_pref("toolkit.telemetry.enabled", false);
                user_pref("network.captive-portal-service.enabled", false);
                user_pref("network.connectivity-service.enabled", false);
                user_pref("extensions.update.enabled", false);
                user_pref("browser.safebrowsing.malware.enabled", false);
                user_pref("browser.safebrowsing.phishing.enabled", false);
                user_pref("browser.safebrowsing.downloads.enabled", false);
                user_pref("services.settings.server", "http://127.0.0.1:1/");
                user_pref("browser.region.network.url", "");
                user_pref("network.dns.disablePrefetch", true);
                user_pref("network.prefetch-next", false);
                """);
        log = profile.resolveSibling(profile.getFileName() + "-firefox.log");
        process = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port=0", "--width=1280", "--height=1400", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = awaitListening();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(url + "/session"), new Listener()).join();
        command("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
        context = command("browsingContext.getTree", JSON.createObjectNode()).path("contexts").get(0)
                .path("context").asText();
    }

    private String awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher found = LISTENING.matcher(Files.readString(log));
                if (found.find()) {
                    return found.group(1);
                }
            }
            if (!process.isAlive()) {
                throw new IOException("firefox-esr exited (" + process.exitValue() + "): " + Files.readString(log));
            }
            // The address is only printed to the log: read it again shortly.
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new IOException("firefox-esr did not start WebDriver BiDi within 60 s: " + Files.readString(log));
    }

    /** Sends a command and waits (at most 60 s) for its result; an error answer is thrown. */
    JsonNode command(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
            JsonNode reply = answer.get(60, TimeUnit.SECONDS);
            if ("error".equals(reply.path("type").asText())) {
                throw new IllegalStateException(method + " failed: " + reply.path("error").asText() + ": "
                        + reply.path("message").asText());
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Loads {@code url} in the tab and waits until it has loaded. */
    void navigate(String url) {
        command("browsingContext.navigate", JSON.createObjectNode().put("context", context).put("url", url)
                .put("wait", "complete"));
    }

    /**
     * Evaluates {@code expression} in the page (awaiting it when it is a promise) and returns its value as
     * JSON text ({@code JSON.stringify} in the page), so that any value comes back whole.
     */
    JsonNode eval(String expression) {
        ObjectNode params = JSON.createObjectNode()
                .put("expression", "(async () => JSON.stringify(await (async () => (" + expression + "))()))()")
                .put("awaitPromise", true).put("resultOwnership", "none");
        params.set("target", JSON.createObjectNode().put("context", context));
        JsonNode result = command("script.evaluate", params);
        if (!"success".equals(result.path("type").asText())) {
            throw new IllegalStateException("script failed in the page: " + result.path("exceptionDetails")
                    .path("text").asText() + " (" + expression + ")");
        }
        JsonNode value = result.path("result").path("value");
        try {
            return value.isMissingNode() || value.isNull() ? JSON.nullNode() : JSON.readTree(value.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The visible text of the first element {@code selector} finds, or null when there is none. */
    String text(String selector) {
        JsonNode text = eval("document.querySelector(" + quote(selector) + ")?.innerText ?? null");
        return text.isNull() ? null : text.asText();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the page as NAME.png in the screenshots directory. */
    void screenshot(String name) {
        JsonNode shot = command("browsingContext.captureScreenshot", JSON.createObjectNode().put("context", context));
        try {
            Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode(shot.path("data").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            command("browser.close", JSON.createObjectNode());
        } catch (RuntimeException e) {
            // it may be gone already; it is ended below in any case
        }
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Collects each message (they may come in parts) and completes the command it answers. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    CompletableFuture<JsonNode> answer = message.has("id")
                            ? pending.get(message.path("id").asLong()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    // not JSON: nothing waits for it
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(answer -> answer.completeExceptionally(error));
        }
    }
}
