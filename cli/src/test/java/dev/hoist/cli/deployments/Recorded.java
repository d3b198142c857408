package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Deployment objects recorded in the shape the controller serves (test resources under deployments/). */
public final class Recorded {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recorded() {
    }

    public static JsonNode deployment(String name) {
        return read("/deployments/" + name + ".json");
    }

    public static String text(String name) {
        return deployment(name).toString();
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
