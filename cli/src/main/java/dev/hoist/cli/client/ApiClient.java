package dev.hoist.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hoist.cli.ExitCodes;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The controller's REST API over {@link HttpClient}, in JSON. Every failure becomes a {@link CliFailure}
 * whose message a person can act on: the controller's own error code and message, or why it could
 * not be reached.
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A large bundle over a slow link takes a while; the controller answers once it has checked it. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final Connection connection;
    private final ObjectMapper json;
    private final HttpClient http;

    public ApiClient(Connection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code text} made safe for one path segment or query value. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * POSTs the file as the raw request body ({@code contentType}), streamed from disk rather than read
     * into memory, and waits up to {@link #UPLOAD_TIMEOUT} for the answer.
     */
    public JsonNode upload(String path, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new CliFailure("cannot read " + file + " to upload it", ExitCodes.REFUSED);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(connection.url() + path))
                .timeout(UPLOAD_TIMEOUT).header("Accept", "application/json")
                .header("Content-Type", contentType).POST(body);
        return exchange(request, UPLOAD_TIMEOUT);
    }

    private JsonNode send(String method, String path, Object body) {
        URI uri = URI.create(connection.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return exchange(request, TIMEOUT);
    }

    private JsonNode exchange(HttpRequest.Builder request, Duration timeout) {
        if (connection.token() != null) {
            request.header("Authorization", "Bearer " + connection.token());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw unreachable("connection refused; is it running?");
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no answer to the connection attempt; is the address right and the port open?");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", ExitCodes.REFUSED);
        }
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return response.body().isEmpty() ? MissingNode.getInstance() : read(response.body(), response.statusCode());
        }
        throw refusal(response);
    }

    private CliFailure unreachable(String why) {
        return new CliFailure("cannot reach the controller at " + connection.url() + ": " + why
                + " (set HOIST_URL or --url to point elsewhere)", ExitCodes.UNREACHABLE);
    }

    private CliFailure refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode error = tryRead(response.body());
        String code = error.path("code").asText("HTTP_" + status);
        String message = error.path("message").asText(response.body().isBlank() ? "(no message)" : response.body());
        StringBuilder text = new StringBuilder();
        if (status == 401) {
            text.append(connection.token() == null
                    ? "no API token: pass --token or set HOIST_TOKEN (a local controller's first admin token is in "
                            + "hoist-data/admin.token)"
                    : "the controller refused the API token from " + connection.tokenSource()
                            + "; check --token or HOIST_TOKEN");
        } else {
            text.append(code).append(": ").append(message);
            appendDetails(text, error.path("details"));
        }
        int exit = status == 401 || status == 403 ? ExitCodes.NOT_AUTHORISED : ExitCodes.REFUSED;
        return new CliFailure(text.toString(), exit);
    }

    private static void appendDetails(StringBuilder text, JsonNode details) {
        if (!details.isObject() || details.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = details.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            text.append("\n  ").append(field.getKey()).append(": ").append(value.isTextual() ? value.asText() : value);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
    }

    private JsonNode read(String body, int status) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliFailure("the controller answered " + status + " with something that is not JSON; is "
                    + connection.url() + " really a Hoist controller?", ExitCodes.REFUSED);
        }
    }

    private JsonNode tryRead(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
