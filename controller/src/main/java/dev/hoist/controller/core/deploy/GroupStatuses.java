package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's status ({@code hoist group status}): its current revision and how each of its hosts stands
 * against it ({@link GroupConvergence}), read from the registry and the deployment store. Revoked agents
 * are not hosts of any group. Only reads; safe on any thread.
 */
public final class GroupStatuses {
    private final GroupMembership membership;
    private final DeploymentStore deployments;

    public GroupStatuses(AgentStore agents, DeploymentStore deployments) {
        this.membership = new GroupMembership(agents);
        this.deployments = deployments;
    }

    /**
     * @param current the group's last successful deployment, or null
     * @param hosts its hosts in the registry's order
     */
    public record Status(DeploymentGroup group, Deployment current, List<GroupConvergence.HostState> hosts) {
    }

    public Status of(DeploymentGroup group) {
        List<GroupConvergence.Member> members = membership.resolve(group).agents().stream()
                .filter(agent -> agent.state() != AgentState.REVOKED)
                .map(agent -> new GroupConvergence.Member(agent.id(), agent.hostname()))
                .toList();
        List<Deployment> succeeded = deployments.list(new DeploymentQuery(group.application(), group.name(),
                DeploymentStatus.SUCCEEDED, GroupConvergence.MAX_MISSED + 1));
        List<GroupConvergence.HostState> hosts = GroupConvergence.assess(members, deployments.groupHosts(group.id()),
                succeeded, underWay(group, members));
        return new Status(group, succeeded.isEmpty() ? null : succeeded.get(0), hosts);
    }

    /** Each host that an unfinished deployment of the group has still to run on, and that deployment. */
    private Map<String, String> underWay(DeploymentGroup group, List<GroupConvergence.Member> members) {
        Map<String, String> underWay = new HashMap<>();
        for (Deployment deployment : deployments.unfinished()) {
            if (!deployment.groupId().equals(group.id())) {
                continue;
            }
            if (deployment.status() == DeploymentStatus.CREATED || deployment.status() == DeploymentStatus.QUEUED) {
                List<String> hosts = deployment.targetAgentIds().isEmpty()
                        ? members.stream().map(GroupConvergence.Member::agentId).toList()
                        : deployment.targetAgentIds();
                hosts.forEach(id -> underWay.putIfAbsent(id, deployment.id()));
                continue;
            }
            for (HostRun host : deployments.hosts(deployment.id())) {
                if (host.status() == HostStatus.PENDING || host.status() == HostStatus.IN_PROGRESS) {
                    underWay.putIfAbsent(host.agentId(), deployment.id());
                }
            }
        }
        return underWay;
    }
}
