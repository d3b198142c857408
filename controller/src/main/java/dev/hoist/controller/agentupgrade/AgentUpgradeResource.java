package dev.hoist.controller.agentupgrade;

import dev.hoist.api.AgentDistributionView;
import dev.hoist.api.AgentUpgradeRequest;
import dev.hoist.api.AgentUpgradeView;
import dev.hoist.api.BundleUpload;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.Deployment;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Agent upgrades (docs/install.md, "Agent upgrades"): {@code /api/v1/agent-distributions} lists and takes the
 * agent distributions upgrades deploy; {@code POST /api/v1/agent-upgrades} starts one, as a deployment.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class AgentUpgradeResource {
    private final DistributionCatalog catalog;
    private final AgentUpgrades upgrades;

    public AgentUpgradeResource(DistributionCatalog catalog, AgentUpgrades upgrades) {
        this.catalog = catalog;
        this.upgrades = upgrades;
    }

    /** Newest first. */
    @GET
    @Path("agent-distributions")
    public List<AgentDistributionView> distributions() {
        return catalog.list().stream().map(AgentUpgradeResource::view).toList();
    }

    /** Registers a distribution (the tarball make-dist builds); the same bytes again return the same one. */
    @POST
    @Path("agent-distributions")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("admin")
    @Audited("agent-distribution.push")
    public Response push(@Auth ApiPrincipal caller, @QueryParam("description") String description,
            @Context HttpHeaders headers, @Context ContainerRequestContext context, InputStream body)
            throws IOException {
        MediaType type = headers.getMediaType();
        if (type == null || !BundleUpload.isBundle(type.getType(), type.getSubtype())) {
            throw Refusal.invalid("INVALID_CONTENT_TYPE", "send the agent distribution (hoist-agent-linux-ARCH.tar.gz) "
                    + "as the request body with 'Content-Type: application/gzip' or 'application/octet-stream', not '"
                    + type + "'", Map.of("accepted", new TreeSet<>(BundleUpload.MEDIA_TYPES)));
        }
        DistributionCatalog.Distribution distribution = catalog.register(body, blankToNull(description), caller.name());
        context.setProperty(Audited.TARGET_PROPERTY, distribution.version() + "/" + distribution.revision().id());
        return Response.status(Response.Status.CREATED).entity(view(distribution)).build();
    }

    @POST
    @Path("agent-upgrades")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("deployer")
    @Audited("agent.upgrade")
    public Response upgrade(@Auth ApiPrincipal caller, AgentUpgradeRequest request,
            @Context ContainerRequestContext context) throws IOException {
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"tags\": {\"KEY\": \"VALUE\"}} and, optionally, \"version\", "
                    + "\"config\", \"deadlineSeconds\", \"autoRollback\"", Map.of());
        }
        AgentUpgrades.Started started = upgrades.start(new AgentUpgrades.Request(request.tags(),
                blankToNull(request.version()), blankToNull(request.config()),
                request.deadlineSeconds() == null ? null : Duration.ofSeconds(request.deadlineSeconds()),
                request.autoRollback()), caller.name());
        Deployment deployment = started.deployment();
        context.setProperty(Audited.TARGET_PROPERTY, deployment.id());
        return Response.status(Response.Status.CREATED).entity(new AgentUpgradeView(deployment.id(),
                deployment.status().displayName(), deployment.application(), deployment.groupName(),
                deployment.revisionId(), started.distribution().version())).build();
    }

    private static AgentDistributionView view(DistributionCatalog.Distribution distribution) {
        return new AgentDistributionView(distribution.version(), distribution.architecture(),
                distribution.revision().id(), distribution.revision().sha256(), distribution.revision().sizeBytes(),
                distribution.revision().createdAt(), distribution.revision().createdBy());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
