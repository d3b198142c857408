package dev.hoist.controller.auth;

import dev.hoist.api.ApiError;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Answers a call without a valid token with the API's JSON error, code {@code UNAUTHENTICATED}. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("UNAUTHENTICATED",
                        "this call needs a valid API token: send 'Authorization: Bearer <token>' "
                                + "(the first admin token is in <data dir>/admin.token)", Map.of()))
                .build();
    }
}
