package dev.hoist.controller.store;

import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.AuditLog;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The audit log in SQL ({@code audit_events}); rows are only ever inserted. */
public final class JdbiAuditLog implements AuditLog {
    private final Jdbi jdbi;

    public JdbiAuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(AuditEvent event) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO audit_events "
                        + "(at, actor, action, target, remote_address, outcome) "
                        + "VALUES (:at, :actor, :action, :target, :remote, :outcome)")
                .bind("at", event.at().toEpochMilli())
                .bind("actor", truncate(event.actor(), 128))
                .bind("action", truncate(event.action(), 128))
                .bind("target", truncate(event.target(), 255))
                .bind("remote", truncate(event.remoteAddress(), 128))
                .bind("outcome", truncate(event.outcome(), 64))
                .execute());
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, at, actor, action, target, remote_address, "
                        + "outcome FROM audit_events ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new AuditEvent(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        rs.getString("remote_address"), rs.getString("outcome")))
                .list());
    }

    /** Audit values partly come from callers; an over-long one is cut rather than losing the event. */
    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
