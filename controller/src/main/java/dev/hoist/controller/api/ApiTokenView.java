package dev.hoist.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.controller.core.ApiToken;
import java.time.Instant;

/**
 * An API token as the API shows it.
 *
 * @param token the secret: present only in the answer that created it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiTokenView(String id, String name, String role, Instant createdAt, String token) {

    public static ApiTokenView of(ApiToken token, String secret) {
        return new ApiTokenView(token.id(), token.name(), token.role().wireName(), token.createdAt(), secret);
    }
}
