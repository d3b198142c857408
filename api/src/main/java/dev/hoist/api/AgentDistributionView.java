package dev.hoist.api;

import java.time.Instant;

/**
 * An agent distribution that {@code hoist agent upgrade} can deploy: a revision of the built-in application
 * {@code hoist-agent}.
 *
 * @param version what the distribution's {@code VERSION} file says, and what its agent reports
 * @param architecture e.g. {@code x86_64}
 */
public record AgentDistributionView(
        String version,
        String architecture,
        String revisionId,
        String sha256,
        long sizeBytes,
        Instant createdAt,
        String createdBy) {
}
