package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.AutoRollback.Trigger;
import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentPlanner;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.PlanStep;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment state machine (docs/orchestrator.md). It keeps every unfinished deployment in memory,
 * applies agent reports and ticks to it, asks the {@link DeploymentPlanner} which hosts go next, and sends
 * their work through {@link AgentCommands}.
 *
 * <p>Invariants, kept by every method:
 * <ul>
 *   <li>Confined to one thread (the {@link OrchestratorLoop}'s); nothing here is thread-safe.</li>
 *   <li>Changes accumulate until {@link #commit}, which stores them in one transaction; only then is work
 *       sent to agents, are their results acknowledged and are listeners told. A command id is durable
 *       before any agent can report on it; a result is durable before the agent may forget it.</li>
 *   <li>Reports are idempotent: each names its command id, an event's status only moves forward, a
 *       finished host stays finished, log lines below a host's highest number are dropped.</li>
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
    private final HostResolver resolver;
    private final HostWork work;
    private final RollbackPolicy rollbacks;
    private final AgentCommands commands;
    private final DeploymentListener listener;
    private final OrchestratorMetrics metrics;
    private final AgentPresence presence;
    private final Clock clock;
    private final Duration agentLostTimeout;
    private final DeploymentPlanner planner = new DeploymentPlanner();

    private final Map<String, ActiveDeployment> active = new LinkedHashMap<>();
    private final Map<String, ActiveDeployment> byCommand = new HashMap<>();
    /**
     * What each group with unfinished deployments knows of its hosts. This orchestrator is their only
     * writer, so the copy is current even before the latest changes are committed.
     */
    private final Map<String, Map<String, GroupHostRecord>> groupHosts = new HashMap<>();
    /** Create requests by idempotency key whose deployment is not committed yet. */
    private final Map<String, CreateRequestKey> uncommittedKeys = new HashMap<>();

    private DeploymentChanges changes = new DeploymentChanges();
    private List<Runnable> afterCommit = new ArrayList<>();

    Orchestrator(DeploymentStore store, DeploymentGroupStore groups, RevisionStore revisions,
            HostResolver resolver, HostWork work, RollbackPolicy rollbacks, AgentCommands commands,
            DeploymentListener listener, OrchestratorMetrics metrics, AgentPresence presence, Clock clock,
            Duration agentLostTimeout) {
        this.store = store;
        this.groups = groups;
        this.revisions = revisions;
        this.resolver = resolver;
        this.work = work;
        this.rollbacks = rollbacks;
        this.commands = commands;
        this.listener = listener;
        this.metrics = metrics;
        this.presence = presence;
        this.clock = clock;
        this.agentLostTimeout = agentLostTimeout;
    }

    // ---------------------------------------------------------------------------------------------
    // Start, create, stop
    // ---------------------------------------------------------------------------------------------

    /**
     * Loads every unfinished deployment from the store and carries on with it. Agents count as away
     * since the controller started until they say hello ({@link AgentPresence}), so hosts in flight
     * keep their commands and deadlines.
     */
    void resume() {
        List<Deployment> unfinished = store.unfinished();
        for (Deployment deployment : unfinished) {
            Optional<DeploymentGroup> group = groups.findById(deployment.groupId());
            Optional<Revision> revision = revisions.find(deployment.revisionId());
            if (group.isEmpty() || revision.isEmpty()) {
                Deployment failed = deployment.ended(DeploymentStatus.FAILED, "cannot resume: its "
                        + (group.isEmpty() ? "deployment group " + deployment.groupId() : "revision "
                        + deployment.revisionId()) + " no longer exists", clock.instant());
                changes.deployment(failed);
                continue;
            }
            ActiveDeployment ad = new ActiveDeployment(deployment, group.get(), revision.get());
            store.hosts(deployment.id()).forEach(host -> {
                ad.host(host);
                if (host.commandId() != null) {
                    byCommand.put(host.commandId(), ad);
                }
            });
            store.events(deployment.id(), null).forEach(event -> ad.events(event.agentId()).put(event.event(), event));
            store.lastLogLines(deployment.id()).forEach(ad::lastLine);
            ad.lastSequence(store.lastLogSequence(deployment.id()));
            active.put(deployment.id(), ad);
        }
        LOG.info("Resuming {} unfinished deployments", active.size());
        for (ActiveDeployment ad : List.copyOf(active.values())) {
            if (isWaiting(ad)) {
                if (running(ad.group().id()) == null) {
                    start(ad);
                }
            } else {
                advance(ad);
            }
        }
    }

    /**
     * Takes in an admitted deployment: starts it, or queues it behind its group's running deployment.
     * With an idempotency key that was seen before, returns the deployment that key made instead.
     *
     * @param requestKey the caller's idempotency key and the request's fingerprint, or null
     */
    Deployment admit(DeploymentAdmission.Admitted admitted, CreateRequestKey requestKey) {
        if (requestKey != null) {
            Optional<Deployment> earlier = madeBy(requestKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            uncommittedKeys.put(requestKey.key(), requestKey);
            changes.requestKey(requestKey);
        }
        metrics.created();
        ActiveDeployment ad = new ActiveDeployment(admitted.deployment(), admitted.group(), admitted.revision());
        ActiveDeployment running = running(admitted.group().id());
        active.put(ad.id(), ad);
        if (running == null) {
            start(ad);
        } else {
            update(ad, ad.deployment().withStatus(DeploymentStatus.QUEUED, waitingFor(running)));
        }
        return ad.deployment();
    }

    /** The deployment an earlier request with this key made, refused when that request was another. */
    private Optional<Deployment> madeBy(CreateRequestKey requestKey) {
        CreateRequestKey known = uncommittedKeys.get(requestKey.key());
        if (known == null) {
            known = store.requestKey(requestKey.key()).orElse(null);
        }
        if (known == null) {
            return Optional.empty();
        }
        if (!known.fingerprint().equals(requestKey.fingerprint())) {
            throw new Refusal(Refusal.Kind.CONFLICT, "IDEMPOTENCY_KEY_REUSED", "idempotency key '"
                    + requestKey.key() + "' was used for another request (deployment " + known.deploymentId()
                    + "); use a new key for a new deployment", Map.of("deploymentId", known.deploymentId()));
        }
        String id = known.deploymentId();
        ActiveDeployment ad = active.get(id);
        return Optional.of(ad != null ? ad.deployment() : store.find(id).orElseThrow(() -> new IllegalStateException(
                "deployment " + id + " made by idempotency key " + requestKey.key() + " is not in the store")));
    }

    /** See {@link dev.hoist.controller.core.deploy.Deployments#stop}. */
    Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor) {
        ActiveDeployment ad = active.get(deploymentId);
        if (ad == null) {
            Deployment ended = store.find(deploymentId).orElseThrow(() -> Refusal.notFound("DEPLOYMENT_NOT_FOUND",
                    "no deployment with id '" + deploymentId + "'; list them with: hoist deployment list",
                    Map.of("deploymentId", deploymentId)));
            throw new Refusal(Refusal.Kind.CONFLICT, "DEPLOYMENT_ENDED", "deployment " + deploymentId + " has already "
                    + "ended " + ended.status().displayName() + "; there is nothing to stop",
                    Map.of("deploymentId", deploymentId, "status", ended.status().displayName()));
        }
        if (ad.deployment().ending() != null) {
            return ad.deployment();
        }
        if (isWaiting(ad)) {
            return end(ad, DeploymentStatus.STOPPED, "stopped by " + actor + " before it started",
                    Trigger.DEPLOYMENT_STOP_ON_REQUEST);
        }
        String reason = "stopped by " + actor + (cancelRunningHooks ? "; running hooks cancelled"
                : "; running hooks allowed to finish");
        skipPending(ad, "not deployed: the deployment was stopped");
        for (HostRun host : ad.hosts()) {
            if (host.status() == HostStatus.IN_PROGRESS) {
                afterCommit.add(() -> cancel(host.agentId(), host.commandId(), !cancelRunningHooks));
            }
        }
        return endWhenIdle(ad, DeploymentStatus.STOPPED, reason, Trigger.DEPLOYMENT_STOP_ON_REQUEST);
    }

    // ---------------------------------------------------------------------------------------------
    // Agent reports
    // ---------------------------------------------------------------------------------------------

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        metrics.reportApplied();
        Set<String> pending = Set.copyOf(pendingCommandIds);
        for (ActiveDeployment ad : List.copyOf(active.values())) {
            HostRun host = ad.host(agentId);
            if (host == null || host.status() != HostStatus.IN_PROGRESS) {
                continue;
            }
            if (pending.contains(host.commandId())) {
                if (!host.acknowledged()) {
                    saveHost(ad, host.withAcknowledged());
                }
            } else if (!host.acknowledged()) {
                HostDeployment redelivery = work.build(host.commandId(), ad.deployment(), ad.group(), ad.revision());
                afterCommit.add(() -> deliver(agentId, redelivery));
            } else {
                finishHost(ad, host, HostStatus.FAILED, FailureClass.AGENT_LOST.name(), "the agent reconnected "
                        + "without command " + host.commandId() + " and sent no result for it, so its work was lost "
                        + "(was the agent's state directory reset?)");
                advance(ad);
            }
        }
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        metrics.reportApplied();
        ActiveDeployment ad = byCommand.get(commandId);
        HostRun host = ad == null ? null : hostOf(ad, agentId, commandId);
        if (host == null || host.status().isFinal()) {
            return;
        }
        if (accepted) {
            if (!host.acknowledged()) {
                saveHost(ad, host.withAcknowledged());
            }
        } else {
            finishHost(ad, host, HostStatus.FAILED, FailureClass.UNKNOWN_ERROR.name(),
                    "the agent refused the command: " + message);
            advance(ad);
        }
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        metrics.reportApplied();
        ActiveDeployment ad = byCommand.get(report.commandId());
        HostRun host = ad == null ? null : hostOf(ad, agentId, report.commandId());
        if (host == null || report.status() == null) {
            return;
        }
        Map<String, HostEvent> events = ad.events(agentId);
        HostEvent known = events.getOrDefault(report.event(), HostEvent.pending(ad.id(), agentId, report.event()));
        if (!known.acceptsNext(report.status())) {
            return;
        }
        HostEvent updated = new HostEvent(ad.id(), agentId, report.event(), report.status(), report.failure(),
                report.exitCode(), report.message(),
                report.startedAt() != null ? report.startedAt() : known.startedAt(),
                report.endedAt() != null ? report.endedAt() : known.endedAt());
        events.put(report.event(), updated);
        changes.event(updated);
        if (!host.status().isFinal() && (!report.event().equals(host.currentEvent()) || !host.acknowledged())) {
            // Any report shows the agent holds the command, acknowledged or not.
            saveHost(ad, host.atEvent(report.event()).withAcknowledged());
        }
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        metrics.reportApplied();
        ActiveDeployment ad = byCommand.get(batch.commandId());
        if (ad == null || hostOf(ad, agentId, batch.commandId()) == null) {
            return;
        }
        long number = batch.firstLineNumber();
        for (LogEntry entry : batch.lines()) {
            if (number > ad.lastLine(agentId)) {
                LogLine line = new LogLine(ad.id(), agentId, number, ad.nextSequence(),
                        entry.at() == null ? clock.instant() : entry.at(), batch.event(),
                        entry.stream() == null ? "stdout" : entry.stream(), entry.script(),
                        entry.text() == null ? "" : entry.text());
                changes.logLine(line);
                afterCommit.add(() -> listener.logLine(line));
                ad.lastLine(agentId, number);
            }
            number++;
        }
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        metrics.reportApplied();
        afterCommit.add(acknowledge);
        ActiveDeployment ad = byCommand.get(outcome.commandId());
        HostRun host = ad == null ? null : hostOf(ad, agentId, outcome.commandId());
        if (host == null || host.status().isFinal()) {
            return;
        }
        boolean succeeded = outcome.status() == HostStatus.SUCCEEDED;
        String failure = succeeded ? null
                : outcome.failure() == null || outcome.failure().isBlank() ? FailureClass.UNKNOWN_ERROR.name()
                : outcome.failure();
        finishHost(ad, host, succeeded ? HostStatus.SUCCEEDED : HostStatus.FAILED, failure, outcome.message());
        if (FailureClass.HEALTH_CHECK_FAILED.name().equals(failure) && ad.deployment().ending() == null) {
            fail(ad, "health gate failed on " + host.hostname() + (outcome.message() == null ? ""
                    : ": " + outcome.message()), Trigger.DEPLOYMENT_STOP_ON_ALARM);
            return;
        }
        advance(ad);
    }

    // ---------------------------------------------------------------------------------------------
    // Deadlines and commits
    // ---------------------------------------------------------------------------------------------

    /** Fails hosts past their deadline or whose agent stayed away too long; called every tick. */
    void tick() {
        Instant now = clock.instant();
        for (ActiveDeployment ad : List.copyOf(active.values())) {
            boolean changed = false;
            for (HostRun host : List.copyOf(ad.hosts())) {
                if (host.status() != HostStatus.IN_PROGRESS) {
                    continue;
                }
                String lost = lostReason(host, now);
                if (lost != null) {
                    finishHost(ad, host, HostStatus.FAILED, FailureClass.AGENT_LOST.name(), lost);
                    changed = true;
                }
            }
            if (changed) {
                advance(ad);
            }
        }
        int running = (int) active.values().stream().filter(ad -> !isWaiting(ad)).count();
        metrics.active(running, active.size() - running);
    }

    private String lostReason(HostRun host, Instant now) {
        if (host.deadline() != null && !now.isBefore(host.deadline())) {
            return "no result by the host's deadline " + host.deadline() + " (every scripted event at the group's "
                    + "time limit, health gates and slack)";
        }
        Instant since = presence.awaySince(host.agentId()).orElse(null);
        if (since != null && !now.isBefore(since.plus(agentLostTimeout))) {
            return "the agent has not been connected since " + since + ", longer than the agent-lost timeout of "
                    + agentLostTimeout.toSeconds() + " s";
        }
        return null;
    }

    /**
     * Stores everything that changed since the last commit in one transaction; only then sends work to
     * agents, acknowledges their results and tells the listeners. When the store fails, the changes and
     * the actions waiting for them are kept, the next commit writes them together with what came since,
     * and nothing is sent or acknowledged before that.
     *
     * @throws RuntimeException the store's error, when it could not take the changes
     */
    void commit() {
        if (!changes.isEmpty()) {
            int rows = changes.size();
            try (var ignored = metrics.batchWritten(rows)) {
                store.write(changes);
            }
            changes = new DeploymentChanges();
            uncommittedKeys.clear();
            // Records of groups with nothing left to run are in the store now; reload them when needed.
            groupHosts.keySet().removeIf(groupId -> active.values().stream()
                    .noneMatch(ad -> ad.group().id().equals(groupId)));
        }
        List<Runnable> actions = afterCommit;
        afterCommit = new ArrayList<>();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("A deployment action failed after its changes were stored", e);
            }
        }
    }

    /** The deployment as this orchestrator holds it, when it is unfinished. */
    Optional<Deployment> unfinished(String deploymentId) {
        return Optional.ofNullable(active.get(deploymentId)).map(ActiveDeployment::deployment);
    }

    // ---------------------------------------------------------------------------------------------
    // The state machine
    // ---------------------------------------------------------------------------------------------

    private void start(ActiveDeployment ad) {
        Deployment deployment = ad.deployment();
        List<HostRun> hosts = resolver.resolve(deployment.id(), ad.group(), deployment.revisionId(),
                groupHosts(deployment.groupId()));
        String refusal = planner.refusal(hosts.size(), deployment.minimum());
        if (refusal != null) {
            end(ad, DeploymentStatus.FAILED, refusal, Trigger.DEPLOYMENT_FAILURE);
            return;
        }
        update(ad, deployment.started(clock.instant()));
        for (HostRun host : hosts) {
            ad.host(host);
            changes.host(host);
        }
        advance(ad);
    }

    private void advance(ActiveDeployment ad) {
        if (isWaiting(ad) || !active.containsKey(ad.id())) {
            return;
        }
        Deployment.Ending ending = ad.deployment().ending();
        if (ending != null) {
            if (ad.inFlight() == 0) {
                end(ad, ending.status(), ad.deployment().error(), ending.trigger());
            }
            return;
        }
        PlanStep step = planner.next(ad.planned(), ad.deployment().minimum());
        switch (step.outcome()) {
            case CONTINUE -> step.start().forEach(agentId -> dispatch(ad, agentId));
            case SUCCEEDED -> end(ad, DeploymentStatus.SUCCEEDED, null, null);
            case FAILED -> fail(ad, step.reason(), anyHostFailedWith(ad, FailureClass.HEALTH_CHECK_FAILED)
                    ? Trigger.DEPLOYMENT_STOP_ON_ALARM : Trigger.DEPLOYMENT_FAILURE);
        }
    }

    private void dispatch(ActiveDeployment ad, String agentId) {
        Instant now = clock.instant();
        String commandId = Secrets.newId("cmd-");
        HostRun host = ad.host(agentId).dispatched(commandId, now, now.plus(work.budget(ad.group())));
        byCommand.put(commandId, ad);
        saveHost(ad, host);
        Map<String, HostEvent> events = ad.events(agentId);
        events.clear();
        for (String event : HostWork.EVENTS) {
            HostEvent pending = HostEvent.pending(ad.id(), agentId, event);
            events.put(event, pending);
            changes.event(pending);
        }
        metrics.hostDispatched();
        HostDeployment hostWork = work.build(commandId, ad.deployment(), ad.group(), ad.revision());
        afterCommit.add(() -> deliver(agentId, hostWork));
    }

    private void deliver(String agentId, HostDeployment hostWork) {
        boolean sent;
        try {
            sent = commands.deploy(agentId, hostWork);
        } catch (RuntimeException e) {
            LOG.error("Could not send command {} to agent {}", hostWork.commandId(), agentId, e);
            sent = false;
        }
        if (!sent) {
            // Sent again when the agent says hello; failed AGENT_LOST if it stays away too long.
            LOG.debug("Agent {} is not connected; command {} waits for its hello", agentId, hostWork.commandId());
        }
    }

    private void cancel(String agentId, String commandId, boolean allowRunningHooksToFinish) {
        try {
            commands.cancel(agentId, commandId, allowRunningHooksToFinish);
        } catch (RuntimeException e) {
            LOG.error("Could not cancel command {} on agent {}", commandId, agentId, e);
        }
    }

    private void finishHost(ActiveDeployment ad, HostRun host, HostStatus status, String failure, String message) {
        Instant now = clock.instant();
        Map<String, HostEvent> events = ad.events(host.agentId());
        for (HostEvent event : List.copyOf(events.values())) {
            HostEvent closed = null;
            if (event.status() == HostStatus.PENDING) {
                closed = event.withStatus(HostStatus.SKIPPED, null, null);
            } else if (event.status() == HostStatus.IN_PROGRESS) {
                closed = status == HostStatus.FAILED ? event.withStatus(HostStatus.FAILED, failure, message)
                        : event.withStatus(HostStatus.SUCCEEDED, null, event.message());
            }
            if (closed != null) {
                events.put(closed.event(), closed);
                changes.event(closed);
            }
        }
        saveHost(ad, host.finished(status, failure, message, now));
        if (status == HostStatus.SUCCEEDED || status == HostStatus.FAILED) {
            Map<String, GroupHostRecord> records = groupHosts(ad.group().id());
            GroupHostRecord previous = records.get(host.agentId());
            String revision = status == HostStatus.SUCCEEDED ? ad.deployment().revisionId()
                    : previous == null ? null : previous.revisionId();
            GroupHostRecord record = new GroupHostRecord(ad.group().id(), host.agentId(), revision, status, now);
            records.put(host.agentId(), record);
            changes.groupHost(record);
        }
    }

    private void skipPending(ActiveDeployment ad, String message) {
        for (HostRun host : List.copyOf(ad.hosts())) {
            if (host.status() == HostStatus.PENDING) {
                saveHost(ad, host.finished(HostStatus.SKIPPED, null, message, clock.instant()));
            }
        }
    }

    /** The deployment can no longer succeed: skip what has not started, end once nothing is in flight. */
    private void fail(ActiveDeployment ad, String reason, Trigger trigger) {
        skipPending(ad, "not deployed: the deployment failed");
        endWhenIdle(ad, DeploymentStatus.FAILED, reason, trigger);
    }

    private Deployment endWhenIdle(ActiveDeployment ad, DeploymentStatus status, String reason, Trigger trigger) {
        if (ad.inFlight() == 0) {
            return end(ad, status, reason, trigger);
        }
        update(ad, ad.deployment().ending(new Deployment.Ending(status, trigger), reason));
        return ad.deployment();
    }

    private Deployment end(ActiveDeployment ad, DeploymentStatus status, String reason, Trigger trigger) {
        Instant now = clock.instant();
        active.remove(ad.id());
        ad.hosts().forEach(host -> {
            if (host.commandId() != null) {
                byCommand.remove(host.commandId());
            }
        });
        Deployment ended = ad.deployment().ended(status, reason, now);
        ActiveDeployment rollback = null;
        if (status != DeploymentStatus.SUCCEEDED) {
            RollbackPolicy.Decision decision = rollbacks.decide(ended, ad.group(), trigger, ad.anyHostTouched(), now);
            if (decision.rollback() != null) {
                Optional<Revision> revision = revisions.find(decision.rollback().revisionId());
                if (revision.isPresent()) {
                    rollback = new ActiveDeployment(decision.rollback(), ad.group(), revision.get());
                    ended = ended.withRollback(rollback.id(), reason);
                } else {
                    ended = ended.withStatus(status, reason + "; no automatic rollback: revision "
                            + decision.rollback().revisionId() + " no longer exists");
                }
            } else if (decision.note() != null) {
                ended = ended.withStatus(status, reason == null ? decision.note() : reason + "; " + decision.note());
            }
        }
        update(ad, ended);
        metrics.ended(status);
        LOG.info("Deployment {} of {}/{} ended {}{}", ended.id(), ended.application(), ended.groupName(),
                status.displayName(), reason == null ? "" : ": " + reason);
        if (rollback != null) {
            metrics.created();
            active.put(rollback.id(), rollback);
            LOG.info("Deployment {} rolls back {} to revision {}", rollback.id(), ended.id(),
                    rollback.deployment().revisionId());
            start(rollback);
        } else {
            startNextQueued(ad.group().id());
        }
        requeueBehind(ad.group().id());
        return ended;
    }

    private void startNextQueued(String groupId) {
        if (running(groupId) != null) {
            return;
        }
        for (ActiveDeployment ad : List.copyOf(active.values())) {
            if (ad.group().id().equals(groupId)) {
                if (isWaiting(ad)) {
                    start(ad);
                }
                return;
            }
        }
    }

    /** Queued deployments name the one they now wait for. */
    private void requeueBehind(String groupId) {
        ActiveDeployment running = running(groupId);
        if (running == null) {
            return;
        }
        String reason = waitingFor(running);
        for (ActiveDeployment ad : active.values()) {
            if (ad.group().id().equals(groupId) && isWaiting(ad) && !reason.equals(ad.deployment().error())) {
                update(ad, ad.deployment().withStatus(DeploymentStatus.QUEUED, reason));
            }
        }
    }

    private Map<String, GroupHostRecord> groupHosts(String groupId) {
        return groupHosts.computeIfAbsent(groupId, id -> new HashMap<>(store.groupHosts(id)));
    }

    private ActiveDeployment running(String groupId) {
        for (ActiveDeployment ad : active.values()) {
            if (ad.group().id().equals(groupId) && !isWaiting(ad)) {
                return ad;
            }
        }
        return null;
    }

    private static String waitingFor(ActiveDeployment running) {
        return "waiting for deployment " + running.id() + " of this group";
    }

    private static boolean isWaiting(ActiveDeployment ad) {
        DeploymentStatus status = ad.deployment().status();
        return status == DeploymentStatus.CREATED || status == DeploymentStatus.QUEUED;
    }

    private static boolean anyHostFailedWith(ActiveDeployment ad, FailureClass failure) {
        return ad.hosts().stream().anyMatch(host -> failure.name().equals(host.failure()));
    }

    private static HostRun hostOf(ActiveDeployment ad, String agentId, String commandId) {
        HostRun host = ad.host(agentId);
        if (host == null || !commandId.equals(host.commandId())) {
            LOG.warn("Agent {} reported on command {}, which is not its own; ignored", agentId, commandId);
            return null;
        }
        return host;
    }

    private void update(ActiveDeployment ad, Deployment changed) {
        ad.deployment(changed);
        changes.deployment(changed);
        afterCommit.add(() -> listener.deploymentChanged(changed));
    }

    private void saveHost(ActiveDeployment ad, HostRun host) {
        ad.host(host);
        changes.host(host);
        afterCommit.add(() -> listener.hostChanged(host));
    }
}
