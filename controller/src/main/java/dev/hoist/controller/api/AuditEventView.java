package dev.hoist.controller.api;

import dev.hoist.controller.core.AuditEvent;
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

    public static AuditEventView of(AuditEvent event) {
        return new AuditEventView(event.id(), event.at(), event.actor(), event.action(), event.target(),
                event.remoteAddress(), event.outcome());
    }
}
