package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupConvergence;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.controller.core.traffic.TrafficSteps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups that converge by themselves (docs/orchestrator.md, "Converging groups"): a host that comes to
 * match a group with {@code auto-deploy new-hosts} (or comes back behind, with {@code all}) gets the
 * group's current revision in an automatic deployment ({@code creator: auto}) made through the same
 * admission as any other: it queues behind the group's running deployment, follows the group's config,
 * health gates and traffic steps, and never rolls back.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Agents' changes are only noted when they arrive; they are weighed on the next tick, so a burst
 *       of reconnecting agents costs one read of the groups per tick.</li>
 *   <li>Hosts of a group noticed within {@code batchWindow} of each other (and at most {@code batchLimit}
 *       after the first) go in one deployment.</li>
 *   <li>A host already covered by a deployment of its group under way (running on it, or queued for the
 *       whole group) gets none; one queued for some hosts takes it in (it is folded in).</li>
 *   <li>No retry loop: a host whose deployment failed there is left {@code failed} until the group's next
 *       deployment or {@code hoist group converge}; a host an automatic deployment lost (its agent went
 *       away) is not tried again automatically either.</li>
 * </ul>
 * Confined to the loop's thread.
 */
final class AutoDeployments {
    private static final Logger LOG = LoggerFactory.getLogger(AutoDeployments.class);

    private final DeploymentGroupStore groups;
    private final DeploymentConfigStore configs;
    private final RevisionStore revisions;
    private final DeploymentStore store;
    private final AgentStore agents;
    private final AgentPresence presence;
    private final ActiveDeployments active;
    private final GroupHostRecords groupHosts;
    private final CurrentRevisions currentRevisions;
    private final DeploymentLifecycle lifecycle;
    private final TrafficSteps traffic;
    private final Clock clock;
    private final Duration batchWindow;
    private final Duration batchLimit;
    /** Agents whose registry record changed since the last tick, newest record kept, and when it came. */
    private final Map<String, Noticed> noticed = new LinkedHashMap<>();
    /** Per group id, the hosts waiting to go into its next automatic deployment. */
    private final Map<String, Batch> batches = new LinkedHashMap<>();

    AutoDeployments(DeploymentGroupStore groups, DeploymentConfigStore configs, RevisionStore revisions,
            DeploymentStore store, AgentStore agents, AgentPresence presence, ActiveDeployments active,
            GroupHostRecords groupHosts, CurrentRevisions currentRevisions, DeploymentLifecycle lifecycle,
            TrafficSteps traffic, Clock clock, Duration batchWindow, Duration batchLimit) {
        this.groups = groups;
        this.configs = configs;
        this.revisions = revisions;
        this.store = store;
        this.agents = agents;
        this.presence = presence;
        this.active = active;
        this.groupHosts = groupHosts;
        this.currentRevisions = currentRevisions;
        this.lifecycle = lifecycle;
        this.traffic = traffic;
        this.clock = clock;
        this.batchWindow = batchWindow;
        this.batchLimit = batchLimit;
    }

    /** Hosts on their way into one automatic deployment of a group, with why each is in it. */
    private static final class Batch {
        final Instant first;
        Instant last;
        final Map<String, String> reasons = new LinkedHashMap<>();

        Batch(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    private record Noticed(Agent agent, Instant at) {
    }

    /** An agent enrolled, connected, was tagged or revoked. */
    void agentChanged(Agent agent) {
        noticed.remove(agent.id());
        noticed.put(agent.id(), new Noticed(agent, clock.instant()));
    }

    /** Weighs the agents noticed since the last tick, and makes the deployments of batches that are due. */
    void tick() {
        Instant now = clock.instant();
        if (!noticed.isEmpty()) {
            List<Noticed> changed = List.copyOf(noticed.values());
            noticed.clear();
            // Once per tick, however many agents changed: the groups, and which of them sit behind blue/green.
            List<DeploymentGroup> converging = groups.all().stream()
                    .filter(group -> group.autoDeploy() != AutoDeploy.OFF && !isBlueGreen(group)).toList();
            for (Noticed change : changed) {
                Agent agent = change.agent();
                if (agent.state() == AgentState.CONNECTED && presence.isConnected(agent.id())) {
                    converging.forEach(group -> consider(group, agent, change.at()));
                }
            }
        }
        for (Map.Entry<String, Batch> entry : List.copyOf(batches.entrySet())) {
            Batch batch = entry.getValue();
            Instant due = batch.last.plus(batchWindow);
            Instant limit = batch.first.plus(batchLimit);
            if (!now.isBefore(due.isBefore(limit) ? due : limit)) {
                batches.remove(entry.getKey());
                groups.findById(entry.getKey()).ifPresent(group -> deploy(group, batch.reasons, now));
            }
        }
    }

    private void consider(DeploymentGroup group, Agent agent, Instant at) {
        if (!group.selects(agent.id(), agent.tags())) {
            return;
        }
        String reason = reason(group, agent);
        if (reason == null || covered(group.id(), agent.id())) {
            return;
        }
        Batch batch = batches.computeIfAbsent(group.id(), id -> new Batch(at));
        batch.last = at.isAfter(batch.last) ? at : batch.last;
        batch.reasons.put(agent.id(), reason);
    }

    /** Why the host needs the group's revision by itself, or null when it does not. */
    private String reason(DeploymentGroup group, Agent agent) {
        Optional<String> current = currentRevisions.of(group.id());
        if (current.isEmpty()) {
            return null; // nothing has succeeded: there is no revision to give it
        }
        String host = agent.hostname() + " (" + agent.id() + ")";
        GroupHostRecord record = groupHosts.of(group.id()).get(agent.id());
        if (record == null) {
            return host + " joined the group";
        }
        if (group.autoDeploy() != AutoDeploy.ALL || current.get().equals(record.revisionId())) {
            return null;
        }
        if (record.lastStatus() == HostStatus.FAILED && !GroupConvergence.missedIt(record)) {
            return null; // failed there: retried by the next deployment or by hand, never in a loop
        }
        if (GroupConvergence.missedIt(record) && record.lastDeploymentId() != null
                && store.find(record.lastDeploymentId()).map(Deployment::isAutomatic).orElse(false)) {
            return null; // an automatic deployment lost it already: not again by itself
        }
        return host + " came back on " + (record.revisionId() == null ? "no revision" : record.revisionId());
    }

    /** Whether a deployment of the group under way will bring the host to the group's revision anyway. */
    private boolean covered(String groupId, String agentId) {
        for (ActiveDeployment ad : active.view()) {
            if (!ad.group().id().equals(groupId)) {
                continue;
            }
            if (ActiveDeployments.isWaiting(ad)) {
                List<String> targets = ad.deployment().targetAgentIds();
                if (targets.isEmpty() || targets.contains(agentId)) {
                    return true;
                }
            } else {
                HostRun host = ad.host(agentId);
                if (host != null && (host.status() == HostStatus.PENDING || host.status() == HostStatus.IN_PROGRESS)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isBlueGreen(DeploymentGroup group) {
        return traffic.balancerOf(group.id()).map(balancer -> balancer.blueGreen() != null).orElse(false);
    }

    /** The batch's hosts that still need it go into one automatic deployment, or into one already queued. */
    private void deploy(DeploymentGroup group, Map<String, String> reasons, Instant now) {
        if (group.autoDeploy() == AutoDeploy.OFF) {
            return;
        }
        Map<String, String> still = new LinkedHashMap<>();
        reasons.forEach((agentId, reason) -> {
            if (presence.isConnected(agentId) && !covered(group.id(), agentId)) {
                still.put(agentId, reason);
            }
        });
        if (still.isEmpty()) {
            return;
        }
        ActiveDeployment queued = queuedForSomeHosts(group.id());
        if (queued != null) {
            List<String> targets = new ArrayList<>(queued.deployment().targetAgentIds());
            targets.addAll(still.keySet());
            String description = queued.deployment().description() + "; " + String.join("; ", still.values());
            lifecycle.retarget(queued, targets, description);
            LOG.info("Deployment {} of {}/{} takes in {} more host(s): {}", queued.id(), group.application(),
                    group.name(), still.size(), still.values());
            return;
        }
        String description = "automatic: " + String.join("; ", still.values());
        admit(group, List.copyOf(still.keySet()), Deployment.AUTO_CREATOR, description, now);
    }

    /**
     * {@code hoist group converge}: a deployment of the group's revision to every connected host of the
     * group not on it (behind, failed or never deployed), made by {@code actor}.
     *
     * @throws Refusal {@code GROUP_HAS_NO_REVISION} or {@code GROUP_CONVERGED} (409)
     */
    Deployment converge(DeploymentGroup group, String actor) {
        String current = currentRevisions.of(group.id()).orElseThrow(() -> Refusal.conflict("GROUP_HAS_NO_REVISION",
                "deployment group " + group.name() + " of " + group.application() + " has no successful deployment, "
                        + "so no revision to converge on; deploy one with: hoist deploy --app " + group.application()
                        + " --group " + group.name(), Map.of("application", group.application(), "group",
                        group.name())));
        Map<String, GroupHostRecord> records = groupHosts.of(group.id());
        List<String> targets = new ArrayList<>();
        List<String> away = new ArrayList<>();
        for (var agent : agents.targets()) {
            GroupHostRecord record = records.get(agent.id());
            boolean onIt = record != null && record.lastStatus() != HostStatus.FAILED
                    && current.equals(record.revisionId());
            if (!group.selects(agent.id(), agent.tags()) || onIt || covered(group.id(), agent.id())) {
                continue;
            }
            if (presence.isConnected(agent.id())) {
                targets.add(agent.id());
            } else {
                away.add(agent.id());
            }
        }
        if (targets.isEmpty()) {
            throw Refusal.conflict("GROUP_CONVERGED", "every host of deployment group " + group.name() + " runs its "
                    + "revision " + current + " or has a deployment under way" + (away.isEmpty() ? "" : ", but for "
                    + away.size() + " whose agent is not connected (" + String.join(", ", away) + "): they are "
                    + "deployed to once they connect and you converge again") + "; see: hoist group status --app "
                    + group.application() + " --name " + group.name(), Map.of("application", group.application(),
                    "group", group.name(), "revisionId", current, "notConnected", away));
        }
        Deployment made = admit(group, targets, actor, "converge by " + actor + ": " + targets.size()
                + " host(s) not on " + current, clock.instant());
        if (made == null) {
            throw Refusal.conflict("REVISION_NOT_FOUND", "the group's revision " + current + " no longer exists; "
                    + "deploy another with: hoist deploy --app " + group.application() + " --group " + group.name(),
                    Map.of("revisionId", current));
        }
        return made;
    }

    private Deployment admit(DeploymentGroup group, List<String> targets, String creator, String description,
            Instant now) {
        String current = currentRevisions.of(group.id()).orElseThrow();
        Optional<Revision> revision = revisions.find(current);
        if (revision.isEmpty()) {
            LOG.warn("Group {}/{}: its revision {} no longer exists; no automatic deployment for {}",
                    group.application(), group.name(), current, targets);
            return null;
        }
        DeploymentConfig config = configs.find(group.configName()).orElse(DeploymentConfig.DEFAULT);
        Deployment deployment = new Deployment(Secrets.newId("d-"), group.application(), group.name(), group.id(),
                current, config.name(), config.minimumHealthyHosts(), DeploymentStatus.CREATED, creator,
                cut(description), null, null, null, false, null, Boolean.FALSE, null, now, null, null, null, null,
                targets);
        LOG.info("Deployment {} of {}/{} brings {} host(s) to revision {}: {}", deployment.id(), group.application(),
                group.name(), targets.size(), current, description);
        ActiveDeployment ad = new ActiveDeployment(deployment, group, revision.get());
        lifecycle.admit(ad);
        return ad.deployment();
    }

    private ActiveDeployment queuedForSomeHosts(String groupId) {
        for (ActiveDeployment ad : active.view()) {
            if (ad.group().id().equals(groupId) && ActiveDeployments.isWaiting(ad)
                    && !ad.deployment().targetAgentIds().isEmpty() && ad.deployment().isAutomatic()) {
                return ad;
            }
        }
        return null;
    }

    private static String cut(String description) {
        int max = DeploymentAdmission.MAX_DESCRIPTION;
        return description.length() <= max ? description : description.substring(0, max - 3) + "...";
    }
}
