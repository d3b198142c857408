package dev.hoist.controller.resources;

import dev.hoist.api.ApplicationView;
import dev.hoist.api.CreateApplicationRequest;
import dev.hoist.controller.audit.Audited;
import dev.hoist.controller.auth.ApiPrincipal;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.CatalogNames;
import dev.hoist.controller.core.deploy.GroupLookup;
import io.dropwizard.auth.Auth;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/applications}: what revisions are pushed to. Anyone reads; admins create. */
@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class ApplicationResource {
    private final ApplicationStore store;
    private final Clock clock;

    public ApplicationResource(ApplicationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Audited("application.create")
    public Response create(@Auth ApiPrincipal caller, CreateApplicationRequest request,
            @Context ContainerRequestContext context) {
        String name = request == null ? null : request.name();
        context.setProperty(Audited.TARGET_PROPERTY, name);
        CatalogNames.requireValid("application", "INVALID_APPLICATION_NAME", name);
        Application application = new Application(name, clock.instant(), caller.name());
        if (!store.insert(application)) {
            throw Refusal.conflict("APPLICATION_EXISTS", "an application named '" + name + "' exists already; "
                    + "push to it with: hoist push --app " + name + " --source DIR", Map.of("application", name));
        }
        return Response.status(Response.Status.CREATED).entity(ApiViews.application(application)).build();
    }

    @GET
    public List<ApplicationView> list() {
        return store.list().stream().map(ApiViews::application).toList();
    }

    @GET
    @Path("{app}")
    public ApplicationView get(@PathParam("app") String name) {
        return ApiViews.application(store.find(name).orElseThrow(() -> notFound(name)));
    }

    static Refusal notFound(String name) {
        return GroupLookup.applicationNotFound(name);
    }
}
