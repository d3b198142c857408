package dev.hoist.controller.resources;

import dev.hoist.api.AuditEventView;
import dev.hoist.controller.core.AuditLog;
import dev.hoist.controller.core.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/audit-events}: who changed what, newest first. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class AuditEventResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditLog log;

    public AuditEventResource(AuditLog log) {
        this.log = log;
    }

    /** @param limit how many events, 1 to 1000 (default 100); text so that a bad value gets our own error */
    @GET
    public List<AuditEventView> latest(@QueryParam("limit") String limit) {
        return log.latest(parseLimit(limit)).stream().map(ApiViews::auditEvent).toList();
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, with the valid range
        }
        throw Refusal.invalid("INVALID_LIMIT", "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                + limit + "'", Map.of("limit", limit, "min", 1, "max", MAX_LIMIT));
    }
}
