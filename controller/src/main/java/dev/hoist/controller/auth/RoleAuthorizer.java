package dev.hoist.controller.auth;

import dev.hoist.controller.core.Role;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Grants a {@code @RolesAllowed("deployer")} method to deployers and admins: roles are ordered, each
 * including the ones below it.
 */
public final class RoleAuthorizer implements Authorizer<ApiPrincipal> {

    @Override
    public boolean authorize(ApiPrincipal principal, String role, ContainerRequestContext request) {
        Role required = Role.parse(role);
        if (required == null) {
            throw new IllegalStateException("@RolesAllowed names an unknown role: " + role);
        }
        return principal.role().includes(required);
    }
}
