package dev.hoist.controller.errors;

import dev.hoist.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds the API's JSON error responses, so that every mapper answers in the same shape. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static Response of(int status, String code, String message, Map<String, Object> details) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, message, details))
                .build();
    }
}
