package dev.hoist.controller.resources;

import dev.hoist.api.PruneRequest;
import dev.hoist.api.PruneResult;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.bundles.RevisionPruner;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code /api/v1/revisions}: a revision by id ({@code GET {id}}), its bundle as pushed ({@code GET {id}/bundle}, byte for byte, streamed
 * from the artifact store) and retention on demand ({@code POST prune}).
 */
@Path("/api/v1/revisions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class RevisionArtifactResource {
    private final RevisionStore revisions;
    private final BlobStore bundles;
    private final RevisionPruner pruner;

    public RevisionArtifactResource(RevisionStore revisions, BlobStore bundles, RevisionPruner pruner) {
        this.revisions = revisions;
        this.bundles = bundles;
        this.pruner = pruner;
    }

    /** One revision by its id alone (which application it is of is part of the answer). */
    @GET
    @Path("{id}")
    public dev.hoist.api.RevisionView get(@PathParam("id") String id) {
        return ApiViews.revision(find(id));
    }

    private Revision find(String id) {
        return revisions.find(id).orElseThrow(() -> Refusal.notFound("REVISION_NOT_FOUND",
                "there is no revision '" + id + "'; list an application's revisions with: hoist revision list "
                        + "--app APP", Map.of("revisionId", id)));
    }

    @GET
    @Path("{id}/bundle")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response bundle(@PathParam("id") String id) {
        Revision revision = revisions.find(id).orElseThrow(() -> Refusal.notFound("REVISION_NOT_FOUND",
                "there is no revision '" + id + "'; list an application's revisions with: hoist revision list "
                        + "--app APP", Map.of("revisionId", id)));
        InputStream stream;
        try {
            stream = bundles.open(revision.sha256(), 0, -1);
        } catch (BlobStore.BlobNotFoundException e) {
            throw Refusal.notFound("BUNDLE_NOT_FOUND", "revision '" + id + "' names bundle " + revision.sha256()
                    + ", which the artifact store (" + bundles.location() + ") does not hold",
                    Map.of("revisionId", id, "sha256", revision.sha256()));
        } catch (IOException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "ARTIFACT_STORE_UNAVAILABLE", e.getMessage(), Map.of());
        }
        StreamingOutput body = out -> {
            try (InputStream in = stream) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Length", revision.sizeBytes())
                .header("Content-Disposition", "attachment; filename=\"" + id + ".tar.gz\"")
                .header("X-Hoist-Sha256", revision.sha256())
                .build();
    }

    /** Applies retention now; a dry run lists exactly what would go and deletes nothing. */
    @POST
    @Path("prune")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("deployer")
    @Audited("revision.prune")
    public PruneResult prune(PruneRequest request, @Context ContainerRequestContext context) {
        PruneRequest body = request == null ? new PruneRequest(null, false) : request;
        String application = body.application() == null || body.application().isBlank() ? null : body.application();
        context.setProperty(Audited.TARGET_PROPERTY, application == null ? "*" : application);
        return ApiViews.prune(pruner.prune(application, body.dryRun()), body.dryRun());
    }
}
