package dev.hoist.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/agent-upgrades}. Only {@code tags} is required.
 *
 * @param tags the agents to upgrade: those with every one of these tags (1 to 3)
 * @param version a registered distribution's version; absent: the distribution the controller serves
 * @param config a deployment config; absent: the upgrade group's ({@code OneAtATime} when it is made)
 * @param deadlineSeconds how long each host may take from its command to its agent back on the new version;
 *     set when the upgrade group of these tags is made (first upgrade), default 600
 * @param autoRollback {@code false} to leave a failed upgrade where it stopped; absent: roll back on failure
 */
public record AgentUpgradeRequest(
        Map<String, String> tags,
        String version,
        String config,
        Long deadlineSeconds,
        Boolean autoRollback) {
}
