package dev.hoist.api;

import java.time.Instant;

/** One audit event as the API shows it. */
public record AuditEventView(
        long id,
        Instant at,
        String actor,
        String action,
        String target,
        String remoteAddress,
        String outcome) {
}
