package dev.hoist.controller.resources;

import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.Deployments;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/applications/{app}/deployment-groups/{name}/converge}: a deployment of the group's
 * revision to its connected hosts not on it (docs/orchestrator.md, "Converging groups").
 */
@Path("/api/v1/applications/{app}/deployment-groups/{name}/converge")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class GroupConvergeResource {
    private final Deployments deployments;
    private final DeploymentStore store;

    public GroupConvergeResource(Deployments deployments, DeploymentStore store) {
        this.deployments = deployments;
        this.store = store;
    }

    /** A deployment of the group's revision to its connected hosts not on it (hoist group converge). */
    @POST
    @RolesAllowed("deployer")
    @Audited("deployment-group.converge")
    public Response converge(@Auth ApiPrincipal caller, @PathParam("app") String application,
            @PathParam("name") String name, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + name);
        long before = store.lastChangeSeq();
        Deployment created = deployments.converge(application, name, caller.name());
        return Response.status(Response.Status.CREATED)
                .entity(ApiViews.deployment(created, Map.of(), List.of(), before)).build();
    }
}
