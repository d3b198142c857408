package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.HostEvents;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.controller.core.traffic.TrafficSteps;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator (docs/orchestrator.md): keeps every unfinished deployment in memory and applies API
 * calls, agent reports and ticks to them. Its parts:
 * <ul>
 *   <li>{@link DeploymentLifecycle}: the state machine of a deployment and its hosts;</li>
 *   <li>{@link HostReports}: what agents report, and what their silence means;</li>
 *   <li>{@link ActiveDeployments}, {@link GroupHostRecords}, {@link CreateRequests}: what is in flight;</li>
 *   <li>{@link UnitOfWork}: the changes since the last commit and what waits for them.</li>
 * </ul>
 *
 * <p>Invariants, kept by every method:
 * <ul>
 *   <li>Confined to one thread (the {@link OrchestratorLoop}'s); nothing here is thread-safe.</li>
 *   <li>Changes accumulate until {@link #commit}, which stores them in one transaction; only then is work
 *       sent to agents, are their results acknowledged and are listeners told. A command id is durable
 *       before any agent can report on it; a result is durable before the agent may forget it.</li>
 *   <li>Reports are idempotent (see {@link HostReports}).</li>
 *   <li>Every host in flight has a deadline, and its agent a disconnection limit, checked by {@link #tick}:
 *       nothing stays InProgress forever.</li>
 *   <li>One deployment per group runs at a time; the others wait Queued in creation order.</li>
 * </ul>
 */
public final class Orchestrator implements AgentReports {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final DeploymentStore store;
    private final DeploymentGroupStore groups;
    private final RevisionStore revisions;
    private final OrchestratorMetrics metrics;
    private final Clock clock;
    private final ActiveDeployments active = new ActiveDeployments();
    private final GroupHostRecords groupHosts;
    private final CreateRequests requests;
    private final UnitOfWork unit;
    private final DeploymentLifecycle lifecycle;
    private final HostReports reports;
    private final CurrentRevisions currentRevisions;
    private final AutoDeployments autoDeployments;

    /** How automatic deployments gather hosts: see {@link AutoDeployments}. */
    record AutoDeploySettings(AgentStore agents, DeploymentConfigStore configs, Duration batchWindow,
            Duration batchLimit) {
    }

    Orchestrator(DeploymentStore store, DeploymentGroupStore groups, RevisionStore revisions,
            HostResolver resolver, HostWork work, RollbackPolicy rollbacks, AgentCommands commands,
            DeploymentListener listener, OrchestratorMetrics metrics, AgentPresence presence, Clock clock,
            Duration agentLostTimeout, TrafficSteps traffic, AutoDeploySettings auto) {
        this.store = store;
        this.groups = groups;
        this.revisions = revisions;
        this.metrics = metrics;
        this.clock = clock;
        this.groupHosts = new GroupHostRecords(store);
        this.requests = new CreateRequests(store);
        this.unit = new UnitOfWork(store, listener, metrics);
        this.currentRevisions = new CurrentRevisions(store);
        this.lifecycle = new DeploymentLifecycle(active, groupHosts, unit, revisions, resolver, work, rollbacks,
                commands, metrics, clock, traffic, currentRevisions);
        this.reports = new HostReports(active, lifecycle, unit, presence, metrics, clock, agentLostTimeout, traffic);
        this.autoDeployments = new AutoDeployments(groups, auto.configs(), revisions, store, auto.agents(), presence,
                active, groupHosts, currentRevisions, lifecycle, traffic, clock, auto.batchWindow(),
                auto.batchLimit());
    }

    /**
     * Loads every unfinished deployment from the store and carries on with it. Agents count as away
     * since the controller started until they say hello ({@link AgentPresence}), so hosts in flight
     * keep their commands and deadlines.
     */
    void resume() {
        for (Deployment deployment : store.unfinished()) {
            Optional<DeploymentGroup> group = groups.findById(deployment.groupId());
            Optional<Revision> revision = revisions.find(deployment.revisionId());
            if (group.isEmpty() || revision.isEmpty()) {
                unit.deployment(deployment.ended(DeploymentStatus.FAILED, "cannot resume: its "
                        + (group.isEmpty() ? "deployment group " + deployment.groupId() : "revision "
                        + deployment.revisionId()) + " no longer exists", clock.instant()),
                        store.hostCounts(List.of(deployment.id())).getOrDefault(deployment.id(), Map.of()));
                continue;
            }
            ActiveDeployment ad = new ActiveDeployment(deployment, group.get(), revision.get());
            store.events(deployment.id(), null).forEach(event -> {
                ad.events(event.agentId()).put(event.event(), event);
                ad.eventStored(event, true);
            });
            store.hosts(deployment.id()).forEach(host -> {
                ad.host(host);
                HostEvents.complete(host, List.copyOf(ad.events(host.agentId()).values()))
                        .forEach(event -> ad.events(host.agentId()).putIfAbsent(event.event(), event));
            });
            store.lastLogLines(deployment.id()).forEach(ad::lastLine);
            ad.lastSequence(store.lastLogSequence(deployment.id()));
            active.add(ad);
        }
        LOG.info("Resuming {} unfinished deployments", active.size());
        active.all().forEach(lifecycle::resume);
    }

    /**
     * Takes in an admitted deployment: records it {@code Created} (it starts in the drain after the commit
     * that stores it, see {@link #startAdmitted}), or queues it behind its group's running deployment.
     * With an idempotency key that was seen before, returns the deployment that key made instead.
     *
     * @param requestKey the caller's idempotency key and the request's fingerprint, or null
     */
    Deployment admit(DeploymentAdmission.Admitted admitted, CreateRequestKey requestKey) {
        if (requestKey != null) {
            Optional<String> earlier = requests.madeBy(requestKey);
            if (earlier.isPresent()) {
                String id = earlier.get();
                return active.get(id).map(ActiveDeployment::deployment).or(() -> store.find(id))
                        .orElseThrow(() -> new IllegalStateException("deployment " + id + ", made by idempotency "
                                + "key " + requestKey.key() + ", is not in the store"));
            }
            requests.remember(requestKey, unit);
        }
        ActiveDeployment ad = new ActiveDeployment(admitted.deployment(), admitted.group(), admitted.revision());
        lifecycle.admit(ad);
        return ad.deployment();
    }

    /** Whether {@link #startAdmitted} has work: deployments admitted and committed, not started yet. */
    boolean hasAdmitted() {
        return lifecycle.hasAdmitted();
    }

    /** Starts the deployments admitted before the last commit (resolves and dispatches their hosts). */
    void startAdmitted() {
        lifecycle.startAdmitted();
    }

    /** See {@link dev.hoist.controller.core.deploy.Deployments#stop}. */
    Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor) {
        ActiveDeployment ad = active.get(deploymentId).orElse(null);
        if (ad == null) {
            Deployment ended = store.find(deploymentId).orElseThrow(() -> Refusal.notFound("DEPLOYMENT_NOT_FOUND",
                    "no deployment with id '" + deploymentId + "'; list them with: hoist deployment list",
                    Map.of("deploymentId", deploymentId)));
            throw new Refusal(Refusal.Kind.CONFLICT, "DEPLOYMENT_ENDED", "deployment " + deploymentId + " has already "
                    + "ended " + ended.status().displayName() + "; there is nothing to stop",
                    Map.of("deploymentId", deploymentId, "status", ended.status().displayName()));
        }
        return lifecycle.stop(ad, cancelRunningHooks, actor);
    }

    /** See {@link dev.hoist.controller.core.deploy.Deployments#continueReroute}. */
    Deployment continueReroute(String deploymentId, String actor) {
        ActiveDeployment ad = active.get(deploymentId).orElse(null);
        if (ad == null) {
            Deployment ended = store.find(deploymentId).orElseThrow(() -> Refusal.notFound("DEPLOYMENT_NOT_FOUND",
                    "no deployment with id '" + deploymentId + "'; list them with: hoist deployment list",
                    Map.of("deploymentId", deploymentId)));
            throw DeploymentLifecycle.notWaiting(ended, "it has ended; there is nothing to continue");
        }
        return lifecycle.continueReroute(ad, actor);
    }

    /** An agent's registry record changed (enrolled, connected, tagged, revoked): see {@link AutoDeployments}. */
    void agentChanged(Agent agent) {
        autoDeployments.agentChanged(agent);
    }

    /** See {@link dev.hoist.controller.core.deploy.Deployments#converge}. */
    Deployment converge(DeploymentGroup group, String actor) {
        return autoDeployments.converge(group, actor);
    }

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        reports.agentConnected(agentId, pendingCommandIds);
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        reports.commandAcknowledged(agentId, commandId, accepted, message);
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        reports.eventStatus(agentId, report);
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        reports.logLines(agentId, batch);
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        reports.hostResult(agentId, outcome, acknowledge);
    }

    /**
     * Fails hosts past their deadline or whose agent stayed away too long, stops blue/green deployments
     * not continued in time, and makes the automatic deployments that are due; called every tick.
     */
    void tick() {
        reports.failLostHosts();
        autoDeployments.tick();
        lifecycle.expireContinueWaits();
        lifecycle.retireDue();
        int running = (int) active.view().stream().filter(ad -> !ActiveDeployments.isWaiting(ad)).count();
        metrics.active(running, active.size() - running);
    }

    /**
     * Stores everything that changed since the last commit in one transaction; only then sends work to
     * agents, acknowledges their results and tells the listeners. When the store fails, the changes and
     * the actions waiting for them are kept, the next commit writes them together with what came since,
     * and nothing is sent or acknowledged before that.
     *
     * @throws RuntimeException the store's error, when it could not take the changes
     */
    /** Whether the changes since the last commit may wait for a later one ({@link UnitOfWork#canWait}). */
    boolean commitCanWait() {
        return unit.canWait();
    }

    void commit() {
        if (unit.commit()) {
            requests.committed();
            groupHosts.forgetUnless(active::anyIn);
        }
    }

    /** The deployment as this orchestrator holds it, when it is unfinished. */
    Optional<Deployment> unfinished(String deploymentId) {
        return active.get(deploymentId).map(ActiveDeployment::deployment);
    }
}
