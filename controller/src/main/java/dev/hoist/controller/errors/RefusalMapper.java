package dev.hoist.controller.errors;

import dev.hoist.controller.core.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A {@link Refusal} from the core becomes a 400, 403, 404, 409, 413, 422 or 503 with its own code. */
public final class RefusalMapper implements ExceptionMapper<Refusal> {

    @Override
    public Response toResponse(Refusal refusal) {
        int status = switch (refusal.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            case UNPROCESSABLE -> 422;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
        };
        return ErrorResponses.of(status, refusal.code(), refusal.getMessage(), refusal.details());
    }
}
