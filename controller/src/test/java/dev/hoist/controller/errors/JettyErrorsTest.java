package dev.hoist.controller.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.RunningController;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer of the API port is the API's JSON error shape, also the ones Jetty gives before Jersey
 * sees the request (hostile-probe finding 6): a request line that is not HTTP, an ambiguous path, a
 * URI or headers too long.
 */
class JettyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static RunningController controller;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(temp.resolve("data"), "bundles: {uploadStallTimeout: 2s}");
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aRequestLineThatIsNotHttpIsAJsonError() throws IOException {
        Answer answer = send("GARBAGE\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("code").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void anAmbiguousPathIsAJsonError() throws IOException {
        Answer answer = send("GET /api/v1/deployments/%2e%2e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isBetween(400, 404);
        assertThat(answer.json().path("code").asText()).isNotEmpty();
        assertThat(answer.json().has("message")).isTrue();
    }

    @Test
    void aUriOrHeadersTooLongAreJsonErrors() throws IOException {
        Answer longUri = send("GET /api/v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Answer longHeader = send("GET /api/v1/agents HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.json().path("code").asText()).isEqualTo("URI_TOO_LONG");
        assertThat(longHeader.status()).isEqualTo(431);
        assertThat(longHeader.json().path("code").asText()).isEqualTo("HEADERS_TOO_LARGE");
    }

    /** A push whose body is shorter than its Content-Length, the client's side then closed. */
    @Test
    void aPushCutShortIsBundleIncompleteNotA500() throws IOException {
        String app = createApp();
        Answer answer = sendPush(app, 1000, "0123456789", true);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("code").asText()).isEqualTo("BUNDLE_INCOMPLETE");
        assertThat(answer.json().path("message").asText()).contains("after 10 bytes of the 1000");
        assertThat(controller.call("GET", "/api/v1/applications/" + app + "/revisions", controller.adminToken(), null)
                .json()).isEmpty();
    }

    /** The same with the connection held open: given up on after bundles.uploadStallTimeout, not after 30 s. */
    @Test
    void aPushThatStopsSendingIsBundleIncompleteAfterTheStallTimeout() throws IOException {
        String app = createApp();
        Answer answer = sendPush(app, 1000, "0123456789", false);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("code").asText()).isEqualTo("BUNDLE_INCOMPLETE");
        assertThat(answer.json().path("details").path("receivedBytes").asLong()).isEqualTo(10);
    }

    /**
     * A POST refused before its body is read: the connection cannot carry another request, and the answer
     * says so, so that a client does not send its next request on it (ConsoleSessionTest once lost one so).
     */
    @Test
    void aRequestRefusedBeforeItsBodyIsReadEndsItsConnectionAndSaysSo() throws IOException {
        URI api = URI.create(controller.apiUrl());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"name\": ").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();

            assertThat(head).startsWith("http/1.1 401").contains("connection: close");
        }
    }

    private static String createApp() {
        String name = "cut-" + System.nanoTime();
        assertThat(controller.call("POST", "/api/v1/applications", controller.adminToken(),
                "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
        return name;
    }

    private static Answer sendPush(String app, int declared, String body, boolean closeOutput) throws IOException {
        URI api = URI.create(controller.apiUrl());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            // Bounds the test: the held-open case must be answered by the controller's stall timeout.
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/applications/" + app + "/revisions HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + controller.adminToken() + "\r\nContent-Type: application/gzip\r\n"
                    + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        }
    }

    private record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + contentType + "): " + body, e);
            }
        }
    }

    private static Answer send(String request) throws IOException {
        URI api = URI.create(controller.apiUrl());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int split = all.indexOf("\r\n\r\n");
        String head = split < 0 ? all : all.substring(0, split);
        String body = split < 0 ? "" : all.substring(split + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        String type = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).findFirst().orElse("");
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Answer(status, type, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
