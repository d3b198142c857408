package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * What a deployment group knows of one of its hosts, which decides the host's standing in the next
 * deployment (appspec.md §4).
 *
 * @param revisionId the revision the group last installed there successfully, or null
 * @param lastStatus how the host's last deployment of the group ended (Succeeded, Failed, Skipped)
 */
public record GroupHostRecord(String groupId, String agentId, String revisionId, HostStatus lastStatus,
        Instant updatedAt) {
}
