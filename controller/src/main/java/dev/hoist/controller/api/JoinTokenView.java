package dev.hoist.controller.api;

import dev.hoist.controller.core.JoinToken;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A join token as listed: never its secret. */
public record JoinTokenView(
        String id,
        Map<String, String> tags,
        Instant createdAt,
        Instant expiresAt,
        int usesLeft,
        String createdBy,
        boolean usable) {

    public static JoinTokenView of(JoinToken token, Instant now) {
        return new JoinTokenView(token.id(), new TreeMap<>(token.tags()), token.createdAt(), token.expiresAt(),
                token.usesLeft(), token.createdBy(), token.usesLeft() > 0 && token.expiresAt().isAfter(now));
    }
}
