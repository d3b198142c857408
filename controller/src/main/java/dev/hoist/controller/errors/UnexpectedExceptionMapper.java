package dev.hoist.controller.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other mapper claims is our fault: logged in full under an id that the 500 response
 * carries, so that an operator can find it, while the caller learns nothing about the internals.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        String errorId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        LOG.error("Unexpected error {} while handling an API call", errorId, e);
        return ErrorResponses.of(500, "INTERNAL_ERROR", "the controller failed unexpectedly (error id " + errorId
                + "); the controller's log has the details under that id", Map.of("errorId", errorId));
    }
}
