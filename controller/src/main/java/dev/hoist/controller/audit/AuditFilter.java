package dev.hoist.controller.audit;

import dev.hoist.api.ApiError;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import java.security.Principal;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an audit event once an {@link Audited} call has its answer: who (the token's name), what,
 * on what, from where, and the outcome ({@code OK} or the error code). Calls without a valid token are
 * not recorded here (anyone could fill the log with them); the request log has them.
 */
public final class AuditFilter implements ContainerResponseFilter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog log;
    private final Clock clock;

    @Context
    private ResourceInfo resourceInfo;
    @Context
    private HttpServletRequest servletRequest;

    public AuditFilter(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        Audited audited = method == null ? null : method.getAnnotation(Audited.class);
        Principal caller = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        if (audited == null || caller == null) {
            return;
        }
        AuditEvent event = new AuditEvent(0, clock.instant(), caller.getName(), audited.value(), target(request),
                servletRequest == null ? null : servletRequest.getRemoteAddr(), outcome(response));
        try {
            log.record(event);
        } catch (RuntimeException e) {
            // The change itself is done; losing its record must be loud, but must not turn the answer into an error.
            LOG.error("Could not write audit event {}", event, e);
        }
    }

    private static String target(ContainerRequestContext request) {
        Object created = request.getProperty(Audited.TARGET_PROPERTY);
        if (created != null) {
            return created.toString();
        }
        var pathParameters = request.getUriInfo().getPathParameters();
        String id = pathParameters.getFirst("id");
        // A call refused before its method ran still names what it was about, as far as the path tells.
        return id != null ? id : pathParameters.getFirst("app");
    }

    private static String outcome(ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return "OK";
        }
        if (response.getEntity() instanceof ApiError error) {
            return error.code();
        }
        return "HTTP_" + response.getStatus();
    }
}
