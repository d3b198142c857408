package dev.hoist.agent.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's small state files as flat JSON objects (strings, whole numbers, booleans, nulls and
 * lists of strings), read and written with jackson-core's streaming parser and generator alone: an
 * idle agent then never loads jackson-databind and its hundreds of classes. A nested object or any
 * other shape is refused with an {@link IOException}, which callers treat as a damaged file.
 */
public final class FlatJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private FlatJson() {
    }

    /** The object's fields in file order: {@code String}, {@code Long}, {@code Boolean}, {@code null}, {@code List<String>}. */
    public static Map<String, Object> read(byte[] json) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME) {
                    throw new IOException("unexpected " + token + " at " + parser.currentLocation());
                }
                String name = parser.currentName();
                fields.put(name, value(parser, parser.nextToken()));
            }
            if (parser.nextToken() != null) {
                throw new IOException("text after the JSON object at " + parser.currentLocation());
            }
        }
        return fields;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_ARRAY -> {
                List<String> items = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    if (item != JsonToken.VALUE_STRING) {
                        throw new IOException("a list holds " + item + " where only strings are expected, at "
                                + parser.currentLocation());
                    }
                    items.add(parser.getText());
                }
                yield List.copyOf(items);
            }
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
        };
    }

    /** {@code fields} as a JSON object, in their order, indented when {@code pretty}. */
    public static byte[] write(Map<String, ?> fields, boolean pretty) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            generator.writeStartObject();
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                generator.writeFieldName(field.getKey());
                Object value = field.getValue();
                if (value == null) {
                    generator.writeNull();
                } else if (value instanceof String text) {
                    generator.writeString(text);
                } else if (value instanceof Long || value instanceof Integer) {
                    generator.writeNumber(((Number) value).longValue());
                } else if (value instanceof Boolean flag) {
                    generator.writeBoolean(flag);
                } else if (value instanceof List<?> list) {
                    generator.writeStartArray();
                    for (Object item : list) {
                        generator.writeString((String) item);
                    }
                    generator.writeEndArray();
                } else {
                    throw new IllegalArgumentException("field " + field.getKey() + " holds a " + value.getClass());
                }
            }
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** The text field {@code name}, or null; a field of another type is a damaged file. */
    public static String text(Map<String, Object> fields, String name) throws IOException {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IOException("field '" + name + "' is not text");
    }
}
