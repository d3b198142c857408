package dev.hoist.controller.resources;

import dev.hoist.api.AutoDeployRequest;
import dev.hoist.api.CreateDeploymentGroupRequest;
import dev.hoist.api.DeploymentGroupView;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.GroupLookup;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.traffic.GroupBalancers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/applications/{app}/deployment-groups}: the hosts an application deploys to, and how.
 * Admins create; anyone reads, and reading one group shows the hosts it resolves to now.
 */
@Path("/api/v1/applications/{app}/deployment-groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class DeploymentGroupResource {
    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final DeploymentGroupRequestReader reader;
    private final GroupMembership membership;
    private final GroupBalancers balancers;
    private final Clock clock;

    public DeploymentGroupResource(ApplicationStore applications, DeploymentGroupStore groups,
            DeploymentConfigStore configs, AgentStore agents, GroupBalancers balancers, Clock clock) {
        this.balancers = balancers;
        this.applications = applications;
        this.groups = groups;
        this.reader = new DeploymentGroupRequestReader(configs, agents);
        this.membership = new GroupMembership(agents);
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("deployment-group.create")
    public Response create(@PathParam("app") String application, CreateDeploymentGroupRequest request,
            @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + (request == null ? "" : request.name()));
        requireApplication(application);
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"name\": ..., \"tagSet\": [[\"KEY=VALUE\"]]} or "
                    + "{\"name\": ..., \"agentIds\": [...]}", Map.of());
        }
        DeploymentGroup group = reader.read(application, request, clock.instant());
        if (request.loadBalancer() != null && groups.find(application, group.name()).isPresent()) {
            throw exists(application, group.name()); // before the balancer is asked
        }
        // Checked before the group is stored: a refused balancer leaves no group behind.
        GroupBalancers.Checked balancer = request.loadBalancer() == null ? null
                : balancers.check(group, request.loadBalancer());
        if (!groups.insert(group)) {
            throw exists(application, group.name());
        }
        if (balancer != null) {
            balancers.store(group, balancer);
        }
        return Response.status(Response.Status.CREATED)
                .entity(ApiViews.deploymentGroup(group, membership.resolve(group))).build();
    }

    @GET
    public List<DeploymentGroupView> list(@PathParam("app") String application) {
        requireApplication(application);
        return groups.list(application).stream().map(ApiViews::deploymentGroup).toList();
    }

    /** The group with the hosts it resolves to now. */
    @GET
    @Path("{name}")
    public DeploymentGroupView get(@PathParam("app") String application, @PathParam("name") String name) {
        DeploymentGroup group = GroupLookup.require(applications, groups, application, name);
        return ApiViews.deploymentGroup(group, membership.resolve(group));
    }

    /** Sets which hosts get the group's current revision without anyone deploying. */
    @PUT
    @Path("{name}/auto-deploy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("deployment-group.auto-deploy")
    public DeploymentGroupView setAutoDeploy(@PathParam("app") String application, @PathParam("name") String name,
            AutoDeployRequest request, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + name);
        DeploymentGroup group = GroupLookup.require(applications, groups, application, name);
        if (request == null || request.autoDeploy() == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"autoDeploy\": \"off\" | \"new-hosts\" | \"all\"}",
                    Map.of());
        }
        AutoDeploy autoDeploy = DeploymentGroupRequestReader.autoDeploy(request.autoDeploy());
        if (!groups.updateAutoDeploy(group.id(), autoDeploy)) {
            throw GroupLookup.groupNotFound(application, name);
        }
        DeploymentGroup updated = group.withAutoDeploy(autoDeploy);
        return ApiViews.deploymentGroup(updated, membership.resolve(updated));
    }

    private static Refusal exists(String application, String group) {
        return Refusal.conflict("DEPLOYMENT_GROUP_EXISTS", "application '" + application
                + "' has a deployment group named '" + group + "' already",
                Map.of("application", application, "group", group));
    }

    private void requireApplication(String application) {
        if (applications.find(application).isEmpty()) {
            throw ApplicationResource.notFound(application);
        }
    }
}
