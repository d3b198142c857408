package dev.hoist.api;

import java.util.Map;

/**
 * Every error the API returns: a machine-readable code, a message that says what went wrong and how
 * to fix it, and details such as the offending value.
 */
public record ApiError(String code, String message, Map<String, Object> details) {
    public ApiError {
        details = details == null ? Map.of() : details;
    }
}
