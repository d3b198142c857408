package dev.hoist.controller.core;

import java.time.Instant;
import java.util.Map;

/**
 * A join token as stored: the secret itself is never kept, only {@link Secrets#hash its hash}.
 *
 * @param id public identifier (safe to list and log), e.g. {@code jt-...}
 */
public record JoinToken(
        String id,
        String secretHash,
        Map<String, String> tags,
        Instant createdAt,
        Instant expiresAt,
        int usesLeft,
        String createdBy) {

    public JoinToken {
        tags = Map.copyOf(tags);
    }
}
