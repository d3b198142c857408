package dev.hoist.controller.resources;

import dev.hoist.api.CreateDeploymentConfigRequest;
import dev.hoist.api.DeploymentConfigView;
import dev.hoist.api.MinimumHealthyHostsBody;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.CatalogNames;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/deployment-configs}: how many hosts must stay healthy during a deployment. The
 * built-ins always exist; admins add custom ones.
 */
@Path("/api/v1/deployment-configs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class DeploymentConfigResource {
    /** A fleet-wide minimum above this leaves no host to deploy to. */
    private static final int MAX_PERCENT = 99;
    private static final int MAX_HOST_COUNT = 100_000;

    private final DeploymentConfigStore store;

    public DeploymentConfigResource(DeploymentConfigStore store) {
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("deployment-config.create")
    public Response create(CreateDeploymentConfigRequest request, @Context ContainerRequestContext context) {
        String name = request == null ? null : request.name();
        context.setProperty(Audited.TARGET_PROPERTY, name);
        CatalogNames.requireValid("deployment config", "INVALID_CONFIG_NAME", name);
        DeploymentConfig config = new DeploymentConfig(name, minimum(request.minimumHealthyHosts()), false);
        if (!store.insert(config)) {
            boolean builtIn = DeploymentConfig.BUILT_IN.stream().anyMatch(b -> b.name().equalsIgnoreCase(name));
            throw Refusal.conflict("DEPLOYMENT_CONFIG_EXISTS", builtIn
                    ? "'" + name + "' is the name of a built-in deployment config; choose another name"
                    : "a deployment config named '" + name + "' exists already; configs cannot be changed, create "
                            + "one with another name", Map.of("config", name));
        }
        return Response.status(Response.Status.CREATED).entity(ApiViews.deploymentConfig(config)).build();
    }

    /** Built-ins first. */
    @GET
    public List<DeploymentConfigView> list() {
        return store.list().stream().map(ApiViews::deploymentConfig).toList();
    }

    @GET
    @Path("{name}")
    public DeploymentConfigView get(@PathParam("name") String name) {
        return store.find(name).map(ApiViews::deploymentConfig).orElseThrow(() -> Refusal.notFound(
                "DEPLOYMENT_CONFIG_NOT_FOUND", "no deployment config named '" + name + "'; list them with: "
                        + "hoist config list", Map.of("config", name)));
    }

    private static MinimumHealthyHosts minimum(MinimumHealthyHostsBody body) {
        if (body == null || body.type() == null || body.value() == null) {
            throw Refusal.invalid("INVALID_MINIMUM_HEALTHY_HOSTS", "send \"minimumHealthyHosts\": {\"type\": "
                    + "\"HOST_COUNT\" or \"FLEET_PERCENT\", \"value\": N}", Map.of());
        }
        int value = body.value();
        switch (body.type().trim().toUpperCase(Locale.ROOT)) {
            case "HOST_COUNT" -> {
                if (value < 0 || value > MAX_HOST_COUNT) {
                    throw invalidValue(body, "HOST_COUNT is a number of hosts from 0 to " + MAX_HOST_COUNT);
                }
                return new MinimumHealthyHosts.HostCount(value);
            }
            case "FLEET_PERCENT" -> {
                if (value < 0 || value > MAX_PERCENT) {
                    throw invalidValue(body, "FLEET_PERCENT is a percentage from 0 to " + MAX_PERCENT
                            + " (100 would leave no host to deploy to)");
                }
                return new MinimumHealthyHosts.FleetPercent(value);
            }
            default -> throw Refusal.invalid("INVALID_MINIMUM_HEALTHY_HOSTS", "minimumHealthyHosts.type '"
                    + body.type() + "' is not one of [HOST_COUNT, FLEET_PERCENT]",
                    Map.of("type", body.type(), "valid", List.of("HOST_COUNT", "FLEET_PERCENT")));
        }
    }

    private static Refusal invalidValue(MinimumHealthyHostsBody body, String rule) {
        return Refusal.invalid("INVALID_MINIMUM_HEALTHY_HOSTS", "minimumHealthyHosts.value " + body.value()
                + " is out of range: " + rule, Map.of("type", body.type(), "value", body.value()));
    }
}
