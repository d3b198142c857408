package dev.hoist.controller.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.CharConversionException;
import java.util.Map;

/**
 * A request body whose first bytes make the JSON reader guess an encoding it cannot read (say
 * {@code 00 00 7d 00}, taken for UTF-32 in an odd byte order) is the client's error, like any malformed
 * body: 400 {@code MALFORMED_JSON}, not a 500. Found by the REST body fuzzer.
 */
public final class JsonEncodingExceptionMapper implements ExceptionMapper<CharConversionException> {
    @Override
    public Response toResponse(CharConversionException e) {
        return ErrorResponses.of(400, "MALFORMED_JSON", "the request body is not JSON in UTF-8 (" + e.getMessage()
                + "); send UTF-8 JSON", Map.of());
    }
}
