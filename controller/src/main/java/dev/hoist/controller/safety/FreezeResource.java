package dev.hoist.controller.safety;

import dev.hoist.api.CreateFreezeWindowRequest;
import dev.hoist.api.FreezeWindowView;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.ApplicationStore;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/freeze-windows}: admins create and delete freeze windows, anyone reads them. A window
 * refuses deployments ({@link FreezeGate}); it never stops one already running.
 */
@Path("/api/v1/freeze-windows")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class FreezeResource {
    private static final int MAX_REASON = 1000;

    private final FreezeWindowStore windows;
    private final ApplicationStore applications;
    private final Clock clock;

    public FreezeResource(FreezeWindowStore windows, ApplicationStore applications, Clock clock) {
        this.windows = windows;
        this.applications = applications;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("freeze.create")
    public Response create(@Auth ApiPrincipal caller, CreateFreezeWindowRequest request,
            @Context ContainerRequestContext context) {
        if (request == null) {
            throw invalid("send {\"application\": \"APP\", \"from\": \"2025-12-24T00:00:00Z\", \"to\": "
                    + "\"2025-12-27T00:00:00Z\"} or {\"all\": true, \"weeklyFrom\": \"FRIDAY 16:00\", \"weeklyTo\": "
                    + "\"MONDAY 08:00\", \"timeZone\": \"Europe/Berlin\"}");
        }
        boolean all = Boolean.TRUE.equals(request.all());
        String application = blankToNull(request.application());
        String group = blankToNull(request.group());
        if (all == (application != null)) {
            throw invalid("name the scope once: an application (with an optional group), or all: true");
        }
        if (group != null && application == null) {
            throw invalid("a group belongs to an application: give application as well");
        }
        if (application != null && applications.find(application).isEmpty()) {
            throw Refusal.notFound("APPLICATION_NOT_FOUND", "no application named '" + application
                    + "'; list them with: hoist app list", Map.of("application", application));
        }
        if (request.reason() != null && request.reason().length() > MAX_REASON) {
            throw invalid("reason has " + request.reason().length() + " characters; at most " + MAX_REASON);
        }
        boolean oneOff = request.from() != null || request.to() != null;
        boolean weekly = request.weeklyFrom() != null || request.weeklyTo() != null || request.timeZone() != null;
        if (oneOff == weekly) {
            throw invalid("give either from and to (ISO-8601 instants) or weeklyFrom, weeklyTo (DAY HH:MM) and "
                    + "timeZone, not both and not neither");
        }
        WeeklySpan span = null;
        Instant from = null;
        Instant to = null;
        if (oneOff) {
            from = instant("from", request.from());
            to = instant("to", request.to());
            if (!to.isAfter(from)) {
                throw invalid("a one-off window needs to after from, not " + from + " to " + to);
            }
        } else {
            WeeklySpan.Point start = WeeklySpan.parsePoint(request.weeklyFrom()).orElseThrow(() -> invalid(
                    "weeklyFrom '" + request.weeklyFrom() + "' is not DAY HH:MM, e.g. FRIDAY 16:00"));
            WeeklySpan.Point end = WeeklySpan.parsePoint(request.weeklyTo()).orElseThrow(() -> invalid(
                    "weeklyTo '" + request.weeklyTo() + "' is not DAY HH:MM, e.g. MONDAY 08:00"));
            ZoneId zone;
            try {
                zone = ZoneId.of(request.timeZone() == null ? "" : request.timeZone().strip());
            } catch (DateTimeException e) {
                throw invalid("timeZone '" + request.timeZone() + "' is not a time zone; use a region id such as "
                        + "Europe/Berlin, or UTC");
            }
            span = new WeeklySpan(start.day(), start.time(), end.day(), end.time(), zone);
        }
        FreezeWindow window = new FreezeWindow(Secrets.newId("fw-"), application, group,
                from, to, span, blankToNull(request.reason()),
                caller.name(), clock.instant());
        windows.insert(window);
        context.setProperty(Audited.TARGET_PROPERTY, window.id() + " " + window.scope());
        return Response.status(Response.Status.CREATED).entity(view(window, clock.instant())).build();
    }

    @GET
    public List<FreezeWindowView> list() {
        Instant now = clock.instant();
        return windows.list().stream().map(window -> view(window, now)).toList();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @Audited("freeze.delete")
    public Response delete(@PathParam("id") String id, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, id);
        if (!windows.delete(id)) {
            throw Refusal.notFound("FREEZE_WINDOW_NOT_FOUND", "there is no freeze window '" + id
                    + "'; list them with: hoist freeze list", Map.of("id", id));
        }
        return Response.noContent().build();
    }

    static FreezeWindowView view(FreezeWindow window, Instant now) {
        WeeklySpan weekly = window.weekly();
        return new FreezeWindowView(window.id(), window.application(), window.group(), window.from(), window.to(),
                weekly == null ? null : WeeklySpan.point(weekly.startDay(), weekly.startTime()),
                weekly == null ? null : WeeklySpan.point(weekly.endDay(), weekly.endTime()),
                weekly == null ? null : weekly.zone().getId(), window.reason(), window.createdBy(),
                window.createdAt(), window.activeAt(now));
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw invalid("a one-off window needs both from and to");
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeException e) {
            throw invalid(field + " '" + text + "' is not an ISO-8601 instant, e.g. 2025-12-24T16:00:00Z");
        }
    }

    private static Refusal invalid(String message) {
        return Refusal.invalid("INVALID_FREEZE_WINDOW", message, Map.of());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
