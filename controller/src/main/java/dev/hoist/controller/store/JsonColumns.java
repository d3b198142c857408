package dev.hoist.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.core.HostFacts;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the columns kept as JSON text (tag maps, host facts), so that adding a fact or
 * a tag needs no migration. Unknown fields are ignored on read: a newer controller may have added some.
 */
final class JsonColumns {
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    String tags(Map<String, String> tags) {
        return write(new TreeMap<>(tags));
    }

    Map<String, String> tags(String json) {
        return read(json, TAGS);
    }

    String facts(HostFacts facts) {
        return facts == null ? null : write(facts);
    }

    HostFacts facts(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, HostFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored host facts are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON column. */
    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON column read back as {@code type}; unknown fields are ignored. */
    <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
