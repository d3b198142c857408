package dev.hoist.controller.core.deploy;

import java.util.Map;

/**
 * The secret variables of a deployment group, in the clear, for the command that runs its hooks and for
 * nothing else: the orchestrator asks for them each time it sends work to a host, so a changed secret
 * reaches the next command without a new revision.
 */
public interface GroupSecrets {
    /** None. */
    GroupSecrets NONE = groupId -> Map.of();

    /** Name to value; empty when the group has none. */
    Map<String, String> forHooks(String groupId);
}
