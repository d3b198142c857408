package dev.hoist.controller.auth;

import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.Secrets;
import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/** Finds the API token whose secret the caller presented, by its hash. */
public final class ApiTokenAuthenticator implements Authenticator<String, ApiPrincipal> {
    private final ApiTokenStore tokens;

    public ApiTokenAuthenticator(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 256) {
            return Optional.empty();
        }
        return tokens.findBySecretHash(Secrets.hash(secret.trim())).map(ApiPrincipal::of);
    }
}
