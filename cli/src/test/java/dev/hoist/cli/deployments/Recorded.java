package dev.hoist.cli.deployments;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.LogLineView;
import dev.hoist.cli.client.ApiJson;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Deployment objects recorded in the shape the controller serves (test resources under deployments/), read
 * as the CLI reads them.
 */
public final class Recorded {
    private static final ObjectMapper JSON = ApiJson.mapper();

    private Recorded() {
    }

    public static DeploymentView deployment(String name) {
        return deployment(tree(name));
    }

    /** A recording edited as JSON, read as the CLI reads it. */
    public static DeploymentView deployment(JsonNode tree) {
        return JSON.convertValue(tree, DeploymentView.class);
    }

    /** A recording as JSON, to edit. */
    public static JsonNode tree(String name) {
        return read("/deployments/" + name + ".json");
    }

    public static List<LogLineView> logLines(String name) {
        return JSON.convertValue(read("/deployments/" + name + ".json"), new TypeReference<List<LogLineView>>() { });
    }

    public static String text(String name) {
        return read("/deployments/" + name + ".json").toString();
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Recorded.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
