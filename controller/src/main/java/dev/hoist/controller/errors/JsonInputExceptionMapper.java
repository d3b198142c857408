package dev.hoist.controller.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request body that is not the JSON the call expects is the client's error (400), with a code that
 * says which way it is wrong and where. Only a failure to write our own response is a server error.
 */
public final class JsonInputExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    private final UnexpectedExceptionMapper unexpected;

    public JsonInputExceptionMapper(UnexpectedExceptionMapper unexpected) {
        this.unexpected = unexpected;
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException || e instanceof com.fasterxml.jackson.core.JsonGenerationException) {
            return unexpected.toResponse(e);
        }
        if (e instanceof JsonParseException) {
            return ErrorResponses.of(400, "MALFORMED_JSON", "the request body is not valid JSON: "
                    + e.getOriginalMessage() + location(e), Map.of());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("field", path(unknown));
            details.put("knownFields", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
            return ErrorResponses.of(400, "UNKNOWN_FIELD", "the request body has a field this call does not know: '"
                    + path(unknown) + "'; known fields: " + details.get("knownFields"), details);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            if (field.isEmpty()) {
                return ErrorResponses.of(400, "INVALID_BODY", "the request body must be a JSON " + expected,
                        Map.of("expected", expected));
            }
            return ErrorResponses.of(400, "INVALID_FIELD", "field '" + field + "' must be " + expected,
                    Map.of("field", field, "expected", expected));
        }
        return ErrorResponses.of(400, "INVALID_BODY", "the request body cannot be read: " + e.getOriginalMessage(),
                Map.of());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a " + type.getSimpleName();
    }
}
