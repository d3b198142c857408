package dev.hoist.controller.resources;

import dev.hoist.api.ApiTokenView;
import dev.hoist.api.CreateApiTokenRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.AdminTokenBootstrap;
import dev.hoist.controller.core.ApiTokenIssuer;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.Map;

/** {@code /api/v1/api-tokens}: bearer tokens for people and CI jobs. Admins only. */
@Path("/api/v1/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class ApiTokenResource {
    private final ApiTokenIssuer issuer;
    private final ApiTokenStore store;

    public ApiTokenResource(ApiTokenIssuer issuer, ApiTokenStore store) {
        this.issuer = issuer;
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audited("api-token.create")
    public Response create(CreateApiTokenRequest request, @Context ContainerRequestContext context) {
        if (request == null) {
            throw Refusal.invalid("INVALID_BODY", "send {\"name\": \"ci\", \"role\": \"deployer\"}", Map.of());
        }
        ApiTokenIssuer.Issued issued = issuer.issue(request.name(), request.role());
        context.setProperty(Audited.TARGET_PROPERTY, issued.token().name());
        return Response.status(Response.Status.CREATED).entity(ApiViews.apiToken(issued.token(), issued.secret())).build();
    }

    @GET
    public List<ApiTokenView> list() {
        return store.list().stream().map(token -> ApiViews.apiToken(token, null)).toList();
    }

    @DELETE
    @Path("{id}")
    @Audited("api-token.delete")
    public Response delete(@PathParam("id") String name) {
        if (AdminTokenBootstrap.ADMIN_TOKEN_NAME.equals(name)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "CANNOT_DELETE_ADMIN_TOKEN",
                    "the first admin token cannot be deleted: it is the way back in", Map.of("name", name));
        }
        if (!store.deleteByName(name)) {
            throw Refusal.notFound("API_TOKEN_NOT_FOUND", "no API token named '" + name + "'", Map.of("name", name));
        }
        return Response.noContent().build();
    }
}
