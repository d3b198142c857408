package dev.hoist.controller.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * How the controller reads JSON and YAML: strictly. An unknown key in a request body or the
 * configuration file is an error that names it (a typo must not be silently ignored), and times are
 * written as ISO-8601 text.
 */
public final class StrictJson {
    private StrictJson() {
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
