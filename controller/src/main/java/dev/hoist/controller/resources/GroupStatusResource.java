package dev.hoist.controller.resources;

import dev.hoist.api.GroupStatusView;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.GroupLookup;
import dev.hoist.controller.core.deploy.GroupStatuses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/applications/{app}/deployment-groups/{name}/status}: how each host of a group stands
 * against the group's revision (docs/orchestrator.md, "Converging groups"). A root resource of its own:
 * one rooted at {@code .../{name}} would take the group's own {@code GET} away from its resource.
 */
@Path("/api/v1/applications/{app}/deployment-groups/{name}/status")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class GroupStatusResource {
    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final GroupStatuses statuses;

    public GroupStatusResource(ApplicationStore applications, DeploymentGroupStore groups, GroupStatuses statuses) {
        this.applications = applications;
        this.groups = groups;
        this.statuses = statuses;
    }

    @GET
    public GroupStatusView status(@PathParam("app") String application, @PathParam("name") String name) {
        DeploymentGroup group = GroupLookup.require(applications, groups, application, name);
        return ApiViews.groupStatus(statuses.of(group));
    }
}
