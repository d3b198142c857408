package dev.hoist.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Supplies the configuration as the built-in defaults ({@code hoist-defaults.yml} on the class path)
 * with the user's file, if any, laid over them. Objects merge key by key, so a file that sets only
 * {@code server.adminConnectors} keeps the default API connector; lists and scalars replace; an object
 * whose {@code type} differs from the default's replaces it whole (it is another kind of thing).
 * An empty path means "no file": the defaults alone.
 */
public final class DefaultsConfigurationSourceProvider implements ConfigurationSourceProvider {
    /** The path the server command passes when no file was named. */
    public static final String NO_FILE = "";
    private static final String DEFAULTS = "hoist-defaults.yml";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Override
    public InputStream open(String path) throws IOException {
        JsonNode merged = readDefaults();
        if (path != null && !path.isEmpty()) {
            JsonNode overrides = readFile(Path.of(path));
            if (overrides != null && !overrides.isNull() && !overrides.isMissingNode()) {
                if (!overrides.isObject()) {
                    throw new IOException("configuration file " + path + " must hold a YAML mapping (key: value), "
                            + "not a " + overrides.getNodeType().name().toLowerCase());
                }
                merged = merge((ObjectNode) merged, (ObjectNode) overrides);
            }
        }
        return new ByteArrayInputStream(yaml.writeValueAsBytes(merged));
    }

    private JsonNode readDefaults() throws IOException {
        try (InputStream in = DefaultsConfigurationSourceProvider.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IOException(DEFAULTS + " is missing from the class path; the jar is incomplete");
            }
            return yaml.readTree(in);
        }
    }

    private JsonNode readFile(Path file) throws IOException {
        try {
            return yaml.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("configuration file " + file.toAbsolutePath()
                    + " does not exist; run without a file to use the defaults");
        }
    }

    static ObjectNode merge(ObjectNode base, ObjectNode overrides) {
        ObjectNode result = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = result.get(field.getKey());
            JsonNode override = field.getValue();
            if (existing instanceof ObjectNode existingObject && override instanceof ObjectNode overrideObject
                    && sameType(existingObject, overrideObject)) {
                result.set(field.getKey(), merge(existingObject, overrideObject));
            } else {
                result.set(field.getKey(), override.deepCopy());
            }
        }
        return result;
    }

    private static boolean sameType(ObjectNode a, ObjectNode b) {
        return !b.has("type") || !a.has("type") || a.get("type").equals(b.get("type"));
    }
}
