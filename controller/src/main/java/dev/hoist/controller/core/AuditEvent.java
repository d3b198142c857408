package dev.hoist.controller.core;

import java.time.Instant;

/**
 * One mutating call, as the audit log keeps it.
 *
 * @param id assigned by the log; {@code 0} for an event not yet recorded
 * @param actor the name of the API token that made the call
 * @param action what was attempted, e.g. {@code agent.revoke}
 * @param target what it was attempted on (an agent id, a token id), or {@code null}
 * @param remoteAddress where the call came from
 * @param outcome {@code OK}, or the error code the caller got (e.g. {@code AGENT_NOT_FOUND})
 */
public record AuditEvent(
        long id,
        Instant at,
        String actor,
        String action,
        String target,
        String remoteAddress,
        String outcome) {
}
