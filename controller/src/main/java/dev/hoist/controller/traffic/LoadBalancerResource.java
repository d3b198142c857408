package dev.hoist.controller.traffic;

import dev.hoist.api.LoadBalancerBody;
import dev.hoist.api.LoadBalancerView;
import dev.hoist.api.WaitBeforeReroute;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.GroupLookup;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.LoadBalancerStore;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.ServerState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/applications/{app}/deployment-groups/{name}/load-balancer}: which load balancer a group's
 * hosts sit behind. Setting one reads the balancer's backends through its agent and refuses a group whose
 * hosts have no server there, naming them; reading one shows each host's traffic state now.
 */
@Path("/api/v1/applications/{app}/deployment-groups/{name}/load-balancer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class LoadBalancerResource {
    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final GroupMembership membership;
    private final LoadBalancerStore balancers;
    private final BalancerSteps steps;
    private final GroupBalancers checks;

    public LoadBalancerResource(ApplicationStore applications, DeploymentGroupStore groups, GroupMembership membership,
            LoadBalancerStore balancers, BalancerSteps steps, GroupBalancers checks) {
        this.applications = applications;
        this.groups = groups;
        this.membership = membership;
        this.balancers = balancers;
        this.steps = steps;
        this.checks = checks;
    }

    @GET
    public LoadBalancerView get(@PathParam("app") String application, @PathParam("name") String name) {
        DeploymentGroup group = group(application, name);
        LoadBalancer balancer = balancers.find(group.id()).orElseThrow(() -> Refusal.notFound("LOAD_BALANCER_NOT_FOUND",
                "deployment group '" + name + "' has no load balancer; set one with: hoist group load-balancer set "
                        + "--app " + application + " --group " + name + " ...", Map.of("group", name)));
        Optional<String> agent = steps.balancerAgent(balancer);
        RouterOutcome read = agent.isEmpty() ? RouterOutcome.unavailable("no connected agent drives the balancer ("
                + BalancerSteps.describe(balancer) + ")") : checks.read(agent.get(), balancer);
        return view(application, group, balancer, agent.orElse(null), read);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("deployment-group.load-balancer.set")
    public LoadBalancerView put(@PathParam("app") String application, @PathParam("name") String name,
            LoadBalancerBody body, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + name);
        DeploymentGroup group = group(application, name);
        GroupBalancers.Checked checked = checks.check(group, body);
        checks.store(group, checked);
        return view(application, group, checked.balancer(), checked.agent(), checked.read());
    }

    @DELETE
    @RolesAllowed("admin")
    @Audited("deployment-group.load-balancer.remove")
    public Response delete(@PathParam("app") String application, @PathParam("name") String name,
            @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + name);
        DeploymentGroup group = group(application, name);
        if (!balancers.remove(group.id())) {
            throw Refusal.notFound("LOAD_BALANCER_NOT_FOUND", "deployment group '" + name + "' has no load balancer",
                    Map.of("group", name));
        }
        return Response.noContent().build();
    }

    private LoadBalancerView view(String application, DeploymentGroup group, LoadBalancer balancer, String agent,
            RouterOutcome read) {
        List<LoadBalancerView.HostTrafficView> hosts = new ArrayList<>();
        for (Agent host : membership.resolve(group).agents()) {
            Optional<String> server = balancer.serverName(host.hostname(), host.tags());
            LoadBalancer.BlueGreen sets = balancer.blueGreen();
            String set = sets == null ? null : sets.contains(LoadBalancer.BlueGreen.BLUE, host.tags())
                    ? LoadBalancer.BlueGreen.BLUE : sets.contains(LoadBalancer.BlueGreen.GREEN, host.tags())
                    ? LoadBalancer.BlueGreen.GREEN : null;
            hosts.add(new LoadBalancerView.HostTrafficView(host.id(), host.hostname(), server.orElse(null),
                    server.isEmpty() ? "NO_SERVER" : !read.ok() ? "UNKNOWN" : traffic(read.servers(), server.get(),
                            balancer.backends()), set));
        }
        LoadBalancer.BlueGreen sets = balancer.blueGreen();
        return new LoadBalancerView(application, group.name(), balancer.balancerAgentId(), balancer.balancerAgentTag(),
                balancer.backends(), balancer.serverTag(), balancer.drainTimeout().toSeconds(),
                balancer.upTimeout().toSeconds(), balancer.guardTimeout().toSeconds(),
                sets == null ? null : sets.blueTag(), sets == null ? null : sets.greenTag(),
                sets == null ? null : sets.serving(),
                sets == null || !sets.waitsForContinue() ? null
                        : new WaitBeforeReroute(sets.continueExpiry().toSeconds()),
                sets == null || sets.retireAfter() == null ? null : sets.retireAfter().toSeconds(), agent,
                read.ok() ? read.servers().stream().map(s -> new LoadBalancerView.ServerStateView(s.backend(),
                        s.server(), s.status(), s.adminState(), s.connections())).toList() : null,
                read.ok() ? null : read.message(), hosts);
    }

    /** The host's traffic state across the backends: the least serving one wins. */
    static String traffic(List<ServerState> servers, String server, List<String> backends) {
        Map<String, ServerState> mine = new LinkedHashMap<>();
        servers.stream().filter(s -> s.server().equals(server)).forEach(s -> mine.put(s.backend(), s));
        if (!mine.keySet().containsAll(backends)) {
            return "NO_SERVER";
        }
        if (mine.values().stream().anyMatch(s -> "MAINT".equals(s.adminState()))) {
            return "OUT_OF_SERVICE";
        }
        if (mine.values().stream().anyMatch(s -> "DRAIN".equals(s.adminState()))) {
            return "DRAINING";
        }
        return mine.values().stream().allMatch(s -> s.status().equals("UP") || s.status().equals("no check"))
                ? "SERVING" : "DOWN";
    }

    private DeploymentGroup group(String application, String name) {
        return GroupLookup.require(applications, groups, application, name);
    }
}
