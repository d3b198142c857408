package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the hosts of a deployment group in the agent registry (by tag set, or the group's explicit agent
 * list; revoked agents never) and how each stands (appspec.md §4): unhealthy when its last deployment of
 * the group failed or its agent is not connected now ({@link AgentPresence}), else by the revision the
 * group last installed there. Reads the registry once, narrowly (no host facts).
 */
final class HostResolver {
    private static final Comparator<HostRun> ORDER = Comparator.comparing(HostRun::standing)
            .thenComparing(HostRun::hostname).thenComparing(HostRun::agentId);

    private final AgentStore agents;
    private final AgentPresence presence;

    HostResolver(AgentStore agents, AgentPresence presence) {
        this.agents = agents;
        this.presence = presence;
    }

    /** Pending hosts, ordered by standing, then by hostname. */
    List<HostRun> resolve(String deploymentId, DeploymentGroup group, String revisionId,
            Map<String, GroupHostRecord> records) {
        return resolve(deploymentId, group, revisionId, records, tags -> true);
    }

    /** As above, only the hosts whose tags {@code also} accepts (a blue/green group's idle set). */
    List<HostRun> resolve(String deploymentId, DeploymentGroup group, String revisionId,
            Map<String, GroupHostRecord> records, Predicate<Map<String, String>> also) {
        return resolve(deploymentId, group, revisionId, records, also, List.of());
    }

    /** As above, and only the agents {@code only} names, when it names any (a deployment for some hosts). */
    List<HostRun> resolve(String deploymentId, DeploymentGroup group, String revisionId,
            Map<String, GroupHostRecord> records, Predicate<Map<String, String>> also, List<String> only) {
        return pending(deploymentId, revisionId, records, members(group, only), also);
    }

    /**
     * Blue/green, from one read of the registry: the hosts of the set {@code idle} accepts, to install on, and
     * the connected hosts of the set {@code serving} accepts, as {@link HostStanding#ORIGINAL_SET}.
     */
    BlueGreenHosts resolveBlueGreen(String deploymentId, DeploymentGroup group, String revisionId,
            Map<String, GroupHostRecord> records, Predicate<Map<String, String>> idle,
            Predicate<Map<String, String>> serving, List<String> only) {
        List<AgentStore.Target> members = members(group, List.of());
        Set<String> targets = new HashSet<>(only);
        List<HostRun> originals = members.stream()
                .filter(agent -> serving.test(agent.tags()) && presence.isConnected(agent.id()))
                .map(agent -> HostRun.pending(deploymentId, agent.id(), agent.hostname(), HostStanding.ORIGINAL_SET))
                .sorted(ORDER).toList();
        // The original set leaves the traffic whole, whichever hosts the deployment installs on.
        List<HostRun> replacement = pending(deploymentId, revisionId, records, members, idle).stream()
                .filter(host -> targets.isEmpty() || targets.contains(host.agentId())).toList();
        return new BlueGreenHosts(replacement, originals);
    }

    /** A blue/green deployment's hosts: the replacement set's, and the original set's that leave the traffic. */
    record BlueGreenHosts(List<HostRun> replacement, List<HostRun> originals) {
    }

    /** The group's agents (those {@code only} names, when it names any). */
    private List<AgentStore.Target> members(DeploymentGroup group, List<String> only) {
        Set<String> targets = new HashSet<>(only);
        Set<String> listed = new HashSet<>(group.agentIds());
        List<AgentStore.Target> members = new ArrayList<>();
        for (AgentStore.Target agent : agents.targets()) {
            boolean member = group.tagSet() != null ? group.tagSet().matches(agent.tags()) : listed.contains(agent.id());
            if (member && (targets.isEmpty() || targets.contains(agent.id()))) {
                members.add(agent);
            }
        }
        return members;
    }

    private List<HostRun> pending(String deploymentId, String revisionId, Map<String, GroupHostRecord> records,
            List<AgentStore.Target> members, Predicate<Map<String, String>> also) {
        List<HostRun> hosts = new ArrayList<>();
        for (AgentStore.Target agent : members) {
            if (also.test(agent.tags())) {
                hosts.add(HostRun.pending(deploymentId, agent.id(), agent.hostname(),
                        standing(presence.isConnected(agent.id()), records.get(agent.id()), revisionId)));
            }
        }
        hosts.sort(ORDER);
        return hosts;
    }

    private static HostStanding standing(boolean connected, GroupHostRecord record, String revisionId) {
        if (!connected || (record != null && record.lastStatus() == HostStatus.FAILED)) {
            return HostStanding.UNHEALTHY;
        }
        if (record == null || record.revisionId() == null) {
            return HostStanding.UNKNOWN_REVISION;
        }
        return record.revisionId().equals(revisionId) ? HostStanding.CURRENT_REVISION : HostStanding.OLD_REVISION;
    }
}
