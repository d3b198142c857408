package dev.hoist.controller.core;

import java.util.List;

/** The append-only record of who changed what. */
public interface AuditLog {

    void record(AuditEvent event);

    /** The {@code limit} most recent events, newest first. */
    List<AuditEvent> latest(int limit);
}
