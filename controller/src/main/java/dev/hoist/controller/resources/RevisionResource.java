package dev.hoist.controller.resources;

import dev.hoist.api.BundleUpload;
import dev.hoist.api.RevisionView;
import dev.hoist.api.SignRevisionRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.bundles.OfferedSignature;
import dev.hoist.controller.bundles.RevisionIntake;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionReferences;
import dev.hoist.controller.core.deploy.RevisionStore;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/applications/{app}/revisions}: pushed bundles. Deployers push (the raw tar.gz as the
 * body); anyone reads.
 */
@Path("/api/v1/applications/{app}/revisions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class RevisionResource {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    private final RevisionIntake intake;
    private final ApplicationStore applications;
    private final RevisionStore revisions;
    private final RevisionReferences references;

    public RevisionResource(RevisionIntake intake, ApplicationStore applications, RevisionStore revisions,
            RevisionReferences references) {
        this.intake = intake;
        this.applications = applications;
        this.revisions = revisions;
        this.references = references;
    }

    /** Any media type is accepted here so that a wrong one gets an answer about bundles, not about JSON. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("deployer")
    @Audited("revision.push")
    public Response push(@Auth ApiPrincipal caller, @PathParam("app") String application,
            @QueryParam("description") String description, @QueryParam("commit") String commit,
            @QueryParam("signature") String signature, @QueryParam("publicKey") String publicKey,
            @Context HttpHeaders headers, @Context ContainerRequestContext context, InputStream body)
            throws IOException {
        context.setProperty(Audited.TARGET_PROPERTY, application);
        MediaType type = headers.getMediaType();
        if (type == null || !BundleUpload.isBundle(type.getType(), type.getSubtype())) {
            throw Refusal.invalid("INVALID_CONTENT_TYPE", "send the bundle (a tar.gz) as the "
                    + "request body with 'Content-Type: application/gzip' or 'application/octet-stream', not '"
                    + headers.getMediaType() + "'", Map.of("accepted", new TreeSet<>(BundleUpload.MEDIA_TYPES)));
        }
        RevisionIntake.Pushed pushed = intake.push(application, body, headers.getLength(), description, commit,
                caller.name(), OfferedSignature.of(signature, publicKey));
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + pushed.revision().id());
        return Response.status(Response.Status.CREATED)
                .entity(ApiViews.revision(pushed.revision(), pushed.warnings(), pushed.bundleReused()))
                .build();
    }

    /** Newest first. */
    @GET
    public List<RevisionView> list(@PathParam("app") String application, @QueryParam("limit") Integer limit) {
        requireApplication(application);
        int wanted = limit == null ? DEFAULT_LIMIT : limit;
        if (wanted < 1 || wanted > MAX_LIMIT) {
            throw Refusal.invalid("INVALID_LIMIT", "limit must be from 1 to " + MAX_LIMIT + ", not " + wanted,
                    Map.of("limit", wanted, "max", MAX_LIMIT));
        }
        Map<String, Set<String>> running = references.groupsRunning(application);
        return revisions.list(application, wanted).stream()
                .map(revision -> ApiViews.revision(revision, running.getOrDefault(revision.id(), Set.of()))).toList();
    }

    @GET
    @Path("{id}")
    public RevisionView get(@PathParam("app") String application, @PathParam("id") String id) {
        Revision revision = find(application, id);
        return ApiViews.revision(revision, references.groupsRunning(application).getOrDefault(id, Set.of()));
    }

    /**
     * Signs a pushed revision (or replaces its signature), after checking that the key made the signature
     * for this application's bundle. Agents that trust keys run only signed revisions.
     */
    @PUT
    @Path("{id}/signature")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("deployer")
    @Audited("revision.sign")
    public RevisionView sign(@PathParam("app") String application, @PathParam("id") String id,
            SignRevisionRequest request, @Context ContainerRequestContext context) {
        context.setProperty(Audited.TARGET_PROPERTY, application + "/" + id);
        Revision revision = find(application, id);
        if (request == null) {
            throw Refusal.invalid("SIGNATURE_INVALID", "send {\"signature\": BASE64, \"publicKey\": BASE64}",
                    Map.of("revisionId", id));
        }
        OfferedSignature.Checked checked = new OfferedSignature(request.signature(), request.publicKey())
                .check(application, revision.sha256());
        revisions.sign(id, checked.signature(), checked.keyId());
        return get(application, id);
    }

    private Revision find(String application, String id) {
        requireApplication(application);
        return revisions.find(id).filter(found -> found.application().equals(application))
                .orElseThrow(() -> Refusal.notFound("REVISION_NOT_FOUND", "application '" + application
                        + "' has no revision '" + id + "'; list its revisions with GET /api/v1/applications/"
                        + application + "/revisions", Map.of("application", application, "revisionId", id)));
    }

    private void requireApplication(String application) {
        if (applications.find(application).isEmpty()) {
            throw ApplicationResource.notFound(application);
        }
    }
}
