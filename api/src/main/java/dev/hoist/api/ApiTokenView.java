package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An API token as the API shows it.
 *
 * @param token the secret: present only in the answer that created it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiTokenView(String id, String name, String role, Instant createdAt, String token) {
}
