package dev.hoist.controller.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.api.ApiError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before or around Jersey (a request line it cannot parse, a URI or
 * headers too long, an ambiguous path such as {@code /%2e%2e}, no such servlet), in the API's JSON
 * error shape instead of an HTML page or an empty body.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        Map.Entry<String, String> what = switch (status) {
            case 400 -> Map.entry("BAD_REQUEST", "the request is not valid HTTP, or its path is ambiguous");
            case 404 -> Map.entry("NOT_FOUND", "no such path; the API is under /api/v1 (see /api/v1/openapi.json)");
            case 405 -> Map.entry("METHOD_NOT_ALLOWED", "this path does not take that method");
            case 413 -> Map.entry("PAYLOAD_TOO_LARGE", "the request body is too large");
            case 414 -> Map.entry("URI_TOO_LONG", "the request's URI is too long");
            case 431 -> Map.entry("HEADERS_TOO_LARGE", "the request's headers are too large");
            default -> Map.entry(status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status, "the request failed");
        };
        String message = what.getValue() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        try {
            return JSON.writeValueAsBytes(new ApiError(what.getKey(), message, Map.of("status", status)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
