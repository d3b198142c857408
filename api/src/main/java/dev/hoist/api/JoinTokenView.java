package dev.hoist.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A join token as listed: never its secret. */
public record JoinTokenView(
        String id,
        Map<String, String> tags,
        List<String> allowedTagKeys,
        Instant createdAt,
        Instant expiresAt,
        int usesLeft,
        String createdBy,
        boolean usable) {
}
