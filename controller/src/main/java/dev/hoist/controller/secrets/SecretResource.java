package dev.hoist.controller.secrets;

import dev.hoist.api.SecretView;
import dev.hoist.api.SetSecretRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.GroupLookup;
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
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/applications/{app}/deployment-groups/{group}/secrets}: the group's secret variables for
 * its hooks. Admins set and delete them; anyone may list their names. No answer carries a value, and
 * the audit event names the secret, never its value.
 */
@Path("/api/v1/applications/{app}/deployment-groups/{group}/secrets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class SecretResource {
    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final HookSecrets secrets;

    public SecretResource(ApplicationStore applications, DeploymentGroupStore groups, HookSecrets secrets) {
        this.applications = applications;
        this.groups = groups;
        this.secrets = secrets;
    }

    @GET
    public List<SecretView> list(@PathParam("app") String application, @PathParam("group") String groupName) {
        DeploymentGroup group = group(application, groupName);
        return secrets.list(group.id()).stream().map(entry -> view(group, entry)).toList();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("secret.set")
    public SecretView set(@PathParam("app") String application, @PathParam("group") String groupName,
            @PathParam("name") String name, SetSecretRequest request, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + groupName + "/" + name);
        DeploymentGroup group = group(application, groupName);
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"value\": \"...\"}", Map.of("secret", name));
        }
        return view(group, secrets.set(group.id(), name, request.value()));
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed("admin")
    @Audited("secret.delete")
    public Response delete(@PathParam("app") String application, @PathParam("group") String groupName,
            @PathParam("name") String name, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + groupName + "/" + name);
        DeploymentGroup group = group(application, groupName);
        if (!secrets.delete(group.id(), name)) {
            throw Refusal.notFound("SECRET_NOT_FOUND", "deployment group '" + groupName + "' of '" + application
                    + "' has no secret named '" + name + "'; list them with: hoist secret list --app "
                    + application + " --group " + groupName,
                    Map.of("application", application, "group", groupName, "secret", name));
        }
        return Response.noContent().build();
    }

    private DeploymentGroup group(String application, String name) {
        return GroupLookup.require(applications, groups, application, name);
    }

    private static SecretView view(DeploymentGroup group, HookSecrets.Entry entry) {
        return new SecretView(entry.name(), group.application(), group.name(), entry.updatedAt());
    }
}
