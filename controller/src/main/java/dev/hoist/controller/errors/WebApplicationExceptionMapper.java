package dev.hoist.controller.errors;

import dev.hoist.controller.auth.ApiPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

/**
 * Jersey's own refusals (unknown path, wrong method or media type, missing role) in the API's JSON
 * error shape, with a code and a message that says what would work.
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private final UnexpectedExceptionMapper unexpected;

    @Context
    private UriInfo uriInfo;
    @Context
    private ResourceInfo resourceInfo;
    @Context
    private SecurityContext security;

    public WebApplicationExceptionMapper(UnexpectedExceptionMapper unexpected) {
        this.unexpected = unexpected;
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String path = uriInfo == null ? "" : "/" + uriInfo.getPath();
        return switch (status) {
            case 401 -> ErrorResponses.of(401, "UNAUTHENTICATED",
                    "this call needs a valid API token: send 'Authorization: Bearer <token>'", Map.of());
            case 403 -> forbidden();
            case 404 -> ErrorResponses.of(404, "NOT_FOUND", "there is nothing at " + path
                    + "; the API's paths are listed in /api/v1/openapi.json", Map.of("path", path));
            case 405 -> ErrorResponses.of(405, "METHOD_NOT_ALLOWED", path + " does not accept this method; allowed: "
                    + e.getResponse().getAllowedMethods(), Map.of("allowed", e.getResponse().getAllowedMethods()));
            case 406 -> ErrorResponses.of(406, "NOT_ACCEPTABLE", "this call answers in application/json; "
                    + "accept that media type", Map.of());
            case 413 -> ErrorResponses.of(413, "PAYLOAD_TOO_LARGE", e.getMessage(), Map.of());
            case 415 -> ErrorResponses.of(415, "UNSUPPORTED_MEDIA_TYPE",
                    "send the request body as JSON with 'Content-Type: application/json'", Map.of());
            default -> status >= 500 ? unexpected.toResponse(e)
                    : ErrorResponses.of(status, "BAD_REQUEST", String.valueOf(e.getMessage()), Map.of());
        };
    }

    private Response forbidden() {
        String needed = requiredRoles();
        if (security != null && security.getUserPrincipal() instanceof ApiPrincipal caller) {
            return ErrorResponses.of(403, "FORBIDDEN", "token '" + caller.name() + "' has role "
                    + caller.role().wireName() + "; this call needs " + needed,
                    Map.of("role", caller.role().wireName(), "required", needed));
        }
        return ErrorResponses.of(403, "FORBIDDEN", "this call needs role " + needed, Map.of("required", needed));
    }

    private String requiredRoles() {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        if (method == null) {
            return "another role";
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? "another role" : String.join(" or ", Arrays.asList(allowed.value()));
    }
}
