package dev.hoist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Follows an application's deployments on the controller's live stream, as {@code hoist deploy --wait}
 * does, so that measuring a deployment costs the controller one connection rather than a poll every few
 * milliseconds (each poll an authenticated query that counts the deployment's hosts). Only the
 * deployments' own events ({@code hosts=false}): the outcome is all it waits for.
 */
final class DeploymentWatch implements AutoCloseable {
    private final HttpURLConnection connection;
    private final BufferedReader reader;
    private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();

    DeploymentWatch(String apiBase, String token, String application) throws IOException {
        connection = (HttpURLConnection) URI.create(apiBase + "/stream?application=" + application
                + "&logs=false&hosts=false")
                .toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Accept", "text/event-stream");
        if (connection.getResponseCode() != 200) {
            throw new IOException("the live stream answered " + connection.getResponseCode());
        }
        reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        // The stream says "connected" first: from then on nothing committed is missed.
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isEmpty()) {
                return;
            }
        }
        throw new IOException("the live stream closed before it said it was connected");
    }

    /** Reads the stream until {@code deploymentId} has ended; its last state. */
    JsonNode awaitEnd(String deploymentId, long deadlineNanos) throws IOException, TimeoutException {
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty()) {
                if ("deployment".equals(event)) {
                    JsonNode deployment = HoistApi.JSON.readTree(data.toString());
                    latest.put(deployment.get("id").asText(), deployment);
                    if (deployment.get("id").asText().equals(deploymentId) && isFinal(deployment)) {
                        return deployment;
                    }
                }
                event = null;
                data.setLength(0);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException("deployment " + deploymentId + " did not end in time; last seen: "
                        + latest.get(deploymentId));
            }
        }
        throw new IOException("the live stream closed before deployment " + deploymentId + " ended");
    }

    private static boolean isFinal(JsonNode deployment) {
        String status = deployment.get("status").asText();
        return status.equals("Succeeded") || status.equals("Failed") || status.equals("Stopped");
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
