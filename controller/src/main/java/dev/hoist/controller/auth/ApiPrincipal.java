package dev.hoist.controller.auth;

import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.Role;
import java.security.Principal;

/** The caller of an API request: the token it presented. Its name is the "who" of audit events. */
public record ApiPrincipal(String tokenId, String name, Role role) implements Principal {

    public static ApiPrincipal of(ApiToken token) {
        return new ApiPrincipal(token.id(), token.name(), token.role());
    }

    @Override
    public String getName() {
        return name;
    }
}
