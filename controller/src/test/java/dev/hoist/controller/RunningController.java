package dev.hoist.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real controller for tests: the application as {@code main} builds it, with real SQLite in a temporary
 * data directory, on loopback port 0 for the API, the admin port and the gateway.
 */
public final class RunningController implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DropwizardTestSupport<HoistConfiguration> support;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningController(Path dataDir, String... extraConfig) throws IOException {
        Path config = dataDir.resolveSibling(dataDir.getFileName() + "-config.yml");
        Files.writeString(config, String.join("\n",
                "dataDir: " + dataDir.toAbsolutePath(),
                "advertisedAddress: hoist.example:8443",
                "server:",
                "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "  requestLog: {appenders: []}",
                // No graceful drain of HTTP requests at stop: no test relies on it, and a connection a
                // client left open must not hold a test's teardown for Jetty's 30 s stop timeout.
                "  shutdownGracePeriod: 0s",
                overridable("logging: {level: WARN}", extraConfig),
                "gateway: {bindHost: 127.0.0.1, port: 0}",
                String.join("\n", extraConfig),
                ""));
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        support = new DropwizardTestSupport<>(HoistControllerApplication.class, config.toString()) {
            @Override
            public Application<HoistConfiguration> newApplication() {
                return new HoistControllerApplication(out, Clock.systemUTC());
            }
        };
    }

    /** {@code line}, or nothing when one of {@code extraConfig} sets the same top-level key itself. */
    private static String overridable(String line, String... extraConfig) {
        String key = line.substring(0, line.indexOf(':') + 1);
        return java.util.Arrays.stream(extraConfig).anyMatch(extra -> extra.startsWith(key)) ? "" : line;
    }

    /**
     * Starts a controller on {@code dataDir} (created if missing); the config file goes beside it, with
     * {@code extraConfig} as more top-level lines, e.g. {@code bundles: {maxUploadBytes: 2048}}.
     */
    public static RunningController start(Path dataDir, String... extraConfig) throws Exception {
        RunningController controller = new RunningController(dataDir, extraConfig);
        controller.support.before();
        return controller;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + support.getLocalPort();
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + support.getAdminPort();
    }

    public ControllerParts parts() {
        return support.<HoistControllerApplication>getApplication().parts();
    }

    /** What the controller printed to its console (not its log). */
    public String consoleOutput() {
        return console.toString(StandardCharsets.UTF_8);
    }

    public String adminToken() {
        try {
            return Files.readString(parts().dataDir().resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls the API with a token (or none, when {@code token} is null) and a JSON body (or none). */
    public Response call(String method, String path, String token, String body) {
        return call(method, path, token, body, "application/json");
    }

    public Response call(String method, String path, String token, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /**
     * Sends only the head of a POST that declares a {@code declaredLength}-byte body, and reads the
     * answer: how a server that refuses a body by its declared size is tested without racing the upload.
     */
    public Response postHeadOnly(String path, String token, long declaredLength) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), support.getLocalPort())) {
            socket.setSoTimeout(20_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declaredLength
                    + "\r\nConnection: close\r\n\r\n{";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new Response(status, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response postAdmin(String path) {
        return send(HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response getAdmin(String path) {
        return send(HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(20)).build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        support.after();
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText();
        }
    }
}
