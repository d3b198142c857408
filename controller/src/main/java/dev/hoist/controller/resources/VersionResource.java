package dev.hoist.controller.resources;

import dev.hoist.api.VersionView;
import dev.hoist.controller.auth.ApiPrincipal;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/version}: the controller's version and the caller's token, for clients to check both. */
@Path("/api/v1/version")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class VersionResource {
    private final String version;

    public VersionResource(String version) {
        this.version = version;
    }

    /** The version of the controller running {@code type}, from its jar's manifest. */
    public static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @GET
    public VersionView get(@Auth ApiPrincipal caller) {
        return new VersionView(version, "v1", caller.name(), caller.role().wireName());
    }
}
