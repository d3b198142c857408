package dev.hoist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** The few REST calls the benchmarks make, as a user's script would. */
final class HoistApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String token;

    HoistApi(String base, String token) {
        this.base = base + "/api/v1";
        this.token = token;
    }

    JsonNode post(String path, Object body) throws IOException {
        return call("POST", path, "application/json", JSON.writeValueAsBytes(body));
    }

    JsonNode postBytes(String path, String contentType, byte[] body) throws IOException {
        return call("POST", path, contentType, body);
    }

    /** Follows the deployments of {@code application} on the live stream. */
    DeploymentWatch watch(String application) throws IOException {
        return new DeploymentWatch(base, token, application);
    }

    /** Streams {@code file} as the body, so a bundle of hundreds of MiB is never held in memory. */
    JsonNode postFile(String path, String contentType, Path file) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(300_000);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        connection.setFixedLengthStreamingMode(Files.size(file));
        try (OutputStream out = connection.getOutputStream()) {
            Files.copy(file, out);
        }
        return answer("POST", path, connection);
    }

    JsonNode get(String path) throws IOException {
        return call("GET", path, null, null);
    }

    private JsonNode call(String method, String path, String contentType, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        return answer(method, path, connection);
    }

    private static JsonNode answer(String method, String path, HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            if (status >= 400) {
                throw new IOException(method + " " + path + ": " + status + " " + new String(bytes));
            }
            return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
        }
    }
}
