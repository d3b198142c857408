package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * What a deployment group knows of one of its hosts, which decides the host's standing in the next
 * deployment (appspec.md §4) and its state in the group's status.
 *
 * @param revisionId the revision the group last installed there successfully, or null
 * @param lastStatus how the host's last deployment of the group ended (Succeeded, Failed)
 * @param lastDeploymentId that deployment, or null when recorded before the controller kept it
 * @param failure the failure class when {@code lastStatus} is Failed, else null
 * @param message what the host reported with it, or null
 */
public record GroupHostRecord(String groupId, String agentId, String revisionId, HostStatus lastStatus,
        Instant updatedAt, String lastDeploymentId, String failure, String message) {

    /** A record without the deployment that made it (as stores written before V11 hold them). */
    public GroupHostRecord(String groupId, String agentId, String revisionId, HostStatus lastStatus,
            Instant updatedAt) {
        this(groupId, agentId, revisionId, lastStatus, updatedAt, null, null, null);
    }
}
