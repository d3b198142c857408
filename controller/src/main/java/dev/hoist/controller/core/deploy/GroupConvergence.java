package dev.hoist.controller.core.deploy;

import dev.hoist.protocol.deploy.FailureClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far each host of a group is from the group's revision (its last successful deployment's): a pure
 * function of what the group recorded of each host, the group's successful deployments and what is
 * under way. {@code hoist group status} shows it; automatic deployments act on it.
 *
 * <p>A host's state, first match wins:
 * <ol>
 *   <li>{@code pending}: an unfinished deployment of the group is still to run on it;</li>
 *   <li>{@code unknown}: the group never deployed to it, or the group has no successful deployment;</li>
 *   <li>{@code failed}: its last deployment of the group failed there for a reason of the revision or the
 *       host (a hook, a health gate, the bundle), not because the agent was away;</li>
 *   <li>{@code current}: it runs the group's revision;</li>
 *   <li>{@code behind}: it runs another revision, or its agent was away ({@code AGENT_LOST}) when a
 *       deployment came; the deployments it missed are named.</li>
 * </ol>
 */
public final class GroupConvergence {
    /** At most this many missed deployments are named per host. */
    public static final int MAX_MISSED = 10;

    private GroupConvergence() {
    }

    public enum State {
        CURRENT, BEHIND, FAILED, PENDING, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One host of the group, by id and hostname. */
    public record Member(String agentId, String hostname) {
    }

    /**
     * @param revisionId the revision it last installed successfully for the group, or null
     * @param missedDeploymentIds when behind: the group's successful deployments it missed, newest first
     * @param deploymentId when pending, the deployment under way for it; when failed, the one that failed
     */
    public record HostState(String agentId, String hostname, String revisionId, State state,
            List<String> missedDeploymentIds, String deploymentId, String failure, String message) {
        public HostState {
            missedDeploymentIds = List.copyOf(missedDeploymentIds);
        }
    }

    /**
     * @param succeeded the group's successful deployments, newest first (the first is its current one)
     * @param underWay agent id to the unfinished deployment still to run on it
     */
    public static List<HostState> assess(List<Member> members, Map<String, GroupHostRecord> records,
            List<Deployment> succeeded, Map<String, String> underWay) {
        String current = succeeded.isEmpty() ? null : succeeded.get(0).revisionId();
        List<HostState> states = new ArrayList<>(members.size());
        for (Member member : members) {
            states.add(assess(member, records.get(member.agentId()), current, succeeded,
                    underWay.get(member.agentId())));
        }
        return states;
    }

    private static HostState assess(Member member, GroupHostRecord record, String current,
            List<Deployment> succeeded, String underWay) {
        String revision = record == null ? null : record.revisionId();
        if (underWay != null) {
            return state(member, revision, State.PENDING, List.of(), underWay, null, null);
        }
        if (record == null) {
            return state(member, null, State.UNKNOWN, List.of(), null, null, null);
        }
        if (record.lastStatus() == HostStatus.FAILED && !missedIt(record)) {
            return state(member, revision, State.FAILED, List.of(), record.lastDeploymentId(), record.failure(),
                    record.message());
        }
        if (current == null) {
            return state(member, revision, State.UNKNOWN, List.of(), null, null, null);
        }
        if (current.equals(revision)) {
            return state(member, revision, State.CURRENT, List.of(), null, null, null);
        }
        List<String> missed = new ArrayList<>();
        for (Deployment deployment : succeeded) {
            if (deployment.revisionId().equals(revision) || missed.size() == MAX_MISSED) {
                break;
            }
            if (deployment.targetAgentIds().isEmpty() || deployment.targetAgentIds().contains(member.agentId())) {
                missed.add(deployment.id()); // one for other hosts only (automatic) was not missed by this one
            }
        }
        return state(member, revision, State.BEHIND, missed, null,
                record.lastStatus() == HostStatus.FAILED ? record.failure() : null,
                record.lastStatus() == HostStatus.FAILED ? record.message() : null);
    }

    /** The host failed because its agent was away, not because of what was deployed: it missed the deployment. */
    public static boolean missedIt(GroupHostRecord record) {
        return record.lastStatus() == HostStatus.FAILED && FailureClass.AGENT_LOST.name().equals(record.failure());
    }

    private static HostState state(Member member, String revision, State state, List<String> missed,
            String deploymentId, String failure, String message) {
        return new HostState(member.agentId(), member.hostname(), revision, state, missed, deploymentId, failure,
                message);
    }
}
