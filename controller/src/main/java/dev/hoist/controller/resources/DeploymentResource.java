package dev.hoist.controller.resources;

import dev.hoist.api.CreateDeploymentRequest;
import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.HostEventView;
import dev.hoist.api.LogLineView;
import dev.hoist.api.StopDeploymentRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentQuery;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.Deployments;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostEvents;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.safety.FreezeGate;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/deployments}: viewers read; deployers create, stop and continue. Those go to the
 * orchestrator; reads come from the store.
 */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class DeploymentResource {
    static final int MAX_LIMIT = 1000;
    static final int MAX_LOG_LIMIT = 10_000;

    private final Deployments deployments;
    private final DeploymentStore store;

    private final FreezeGate freezes;

    public DeploymentResource(Deployments deployments, DeploymentStore store, FreezeGate freezes) {
        this.deployments = deployments;
        this.store = store;
        this.freezes = freezes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("deployer")
    @Audited("deployment.create")
    public Response create(@Auth ApiPrincipal caller, CreateDeploymentRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context ContainerRequestContext context,
            @Context HttpServletRequest http) {
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"application\": \"APP\", \"group\": \"GROUP\"}", Map.of());
        }
        freezes.admit(request.application(), request.group(), request.overrideFreeze(), caller.name(), caller.role(),
                http == null ? null : http.getRemoteAddr());
        long before = store.lastChangeSeq();
        Deployment created = deployments.create(ApiViews.deploymentRequest(request), caller.name(), idempotencyKey);
        context.setProperty(Audited.TARGET_PROPERTY, created.id());
        if (created.status() == DeploymentStatus.CREATED || created.status() == DeploymentStatus.QUEUED) {
            // What the create committed, no more: the orchestrator may already be writing the hosts it resolved,
            // and an answer mixing the two (Created, yet two hosts) would claim a state that never was. Its
            // seq is one from before the create, so a client that reads on from it misses no change.
            return Response.status(Response.Status.CREATED).entity(ApiViews.deployment(created, Map.of(), List.of(),
                    before)).build();
        }
        long seq = store.changeSeqs(List.of(created.id())).getOrDefault(created.id(), 0L);
        return Response.status(Response.Status.CREATED).entity(detailed(created, seq)).build();
    }

    /** Newest first. */
    @GET
    public List<DeploymentView> list(@QueryParam("application") String application, @QueryParam("group") String group,
            @QueryParam("status") String status, @QueryParam("limit") String limit) {
        // Every commit up to this one is in the rows read next, so no row shows a seq newer than itself.
        long before = store.lastChangeSeq();
        List<Deployment> found = store.list(new DeploymentQuery(blankToNull(application), blankToNull(group),
                status(status), number("limit", limit, 50, 1, MAX_LIMIT)));
        List<String> ids = found.stream().map(Deployment::id).toList();
        Map<String, Long> seqs = store.changeSeqs(ids);
        Map<String, Map<HostStatus, Integer>> counts = store.hostCounts(ids);
        return found.stream().map(d -> ApiViews.deployment(d, counts.getOrDefault(d.id(), Map.of()), null,
                Math.min(seqs.getOrDefault(d.id(), 0L), before))).toList();
    }

    @GET
    @Path("{id}")
    public DeploymentView get(@PathParam("id") String id) {
        long seq = store.changeSeqs(List.of(id)).getOrDefault(id, 0L);
        return detailed(find(id), seq);
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed("deployer")
    @Audited("deployment.stop")
    public DeploymentView stop(@Auth ApiPrincipal caller, @PathParam("id") String id, StopDeploymentRequest request) {
        boolean cancel = request != null && Boolean.TRUE.equals(request.cancelRunningHooks());
        long seq = store.changeSeqs(List.of(id)).getOrDefault(id, 0L);
        Deployment stopped = deployments.stop(id, cancel, caller.name());
        return detailed(stopped, seq);
    }

    /** Blue/green: a {@code Ready} deployment switches the traffic now (docs/traffic.md). */
    @POST
    @Path("{id}/continue")
    @RolesAllowed("deployer")
    @Audited("deployment.continue")
    public DeploymentView continueReroute(@Auth ApiPrincipal caller, @PathParam("id") String id) {
        long seq = store.changeSeqs(List.of(id)).getOrDefault(id, 0L);
        Deployment continued = deployments.continueReroute(id, caller.name());
        return detailed(continued, seq);
    }

    @GET
    @Path("{id}/hosts")
    public List<DeploymentHostView> hosts(@PathParam("id") String id) {
        find(id);
        return hostViews(id);
    }

    /** The host's events, each with its log lines (the newest lines the store keeps). */
    @GET
    @Path("{id}/hosts/{agentId}/events")
    public List<HostEventView> events(@PathParam("id") String id, @PathParam("agentId") String agentId) {
        find(id);
        HostRun host = store.hosts(id).stream().filter(h -> h.agentId().equals(agentId)).findFirst()
                .orElseThrow(() -> Refusal.notFound("HOST_NOT_FOUND", "deployment " + id + " has no host with agent id '"
                        + agentId + "'; list them with: hoist deployment get " + id,
                        Map.of("deploymentId", id, "agentId", agentId)));
        Map<String, List<LogLineView>> lines = store.logs(id, new LogPage(agentId, 0, 0, MAX_LOG_LIMIT)).stream()
                .collect(Collectors.groupingBy(line -> String.valueOf(line.event()), LinkedHashMap::new,
                        Collectors.mapping(ApiViews::logLine, Collectors.toList())));
        return HostEvents.complete(host, store.events(id, agentId)).stream()
                .map(event -> ApiViews.hostEvent(event, lines.getOrDefault(event.event(), List.of())))
                .toList();
    }

    /**
     * Log lines in arrival order. Follow every host with {@code afterSequence} (the last line's
     * {@code sequence}), or one host with {@code agent} and {@code afterLine}.
     */
    @GET
    @Path("{id}/logs")
    public List<LogLineView> logs(@PathParam("id") String id, @QueryParam("agent") String agent,
            @QueryParam("afterLine") String afterLine, @QueryParam("afterSequence") String afterSequence,
            @QueryParam("limit") String limit) {
        find(id);
        String agentId = blankToNull(agent);
        long line = number("afterLine", afterLine, 0, 0, Long.MAX_VALUE);
        if (line > 0 && agentId == null) {
            throw Refusal.invalid("INVALID_QUERY", "afterLine counts lines per host, so it needs agent=AGENT_ID; "
                    + "to follow every host use afterSequence", Map.of("afterLine", afterLine));
        }
        List<LogLine> lines = store.logs(id, new LogPage(agentId, line,
                number("afterSequence", afterSequence, 0, 0, Long.MAX_VALUE),
                (int) number("limit", limit, 1000, 1, MAX_LOG_LIMIT)));
        return lines.stream().map(ApiViews::logLine).toList();
    }

    /**
     * The deployment with its hosts, read after {@code seq}: the commit number is read first, so the
     * representation is never older than the number it carries.
     */
    private DeploymentView detailed(Deployment deployment, long seq) {
        List<DeploymentHostView> hosts = hostViews(deployment.id());
        Map<HostStatus, Integer> counts = store.hostCounts(List.of(deployment.id()))
                .getOrDefault(deployment.id(), Map.of());
        return ApiViews.deployment(deployment, counts, hosts, seq);
    }

    private List<DeploymentHostView> hostViews(String id) {
        Map<String, List<HostEvent>> events = store.events(id, null).stream()
                .collect(Collectors.groupingBy(HostEvent::agentId));
        List<HostRun> hosts = store.hosts(id);
        return hosts.stream().map(host -> ApiViews.deploymentHost(host,
                HostEvents.complete(host, events.getOrDefault(host.agentId(), List.of())))).toList();
    }

    private Deployment find(String id) {
        return store.find(id).orElseThrow(() -> Refusal.notFound("DEPLOYMENT_NOT_FOUND", "no deployment with id '"
                + id + "'; list them with: hoist deployment list", Map.of("deploymentId", id)));
    }

    private static DeploymentStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        DeploymentStatus status = DeploymentStatus.parse(text.trim());
        if (status == null) {
            List<String> valid = Arrays.stream(DeploymentStatus.values()).map(DeploymentStatus::displayName).toList();
            throw Refusal.invalid("INVALID_STATUS", "status '" + text + "' is not one of " + valid,
                    Map.of("status", text, "valid", valid));
        }
        return status;
    }

    private static long number(String name, String text, long fallback, long min, long max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, with the valid range
        }
        String code = name.equals("limit") ? "INVALID_LIMIT" : "INVALID_QUERY";
        throw Refusal.invalid(code, name + " must be a whole number from " + min + " to " + max + ", got '" + text
                + "'", Map.of(name, text, "min", min, "max", max));
    }

    private static int number(String name, String text, int fallback, int min, int max) {
        return (int) number(name, text, (long) fallback, (long) min, (long) max);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
