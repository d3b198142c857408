package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.AutoRollback.Trigger;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentPlanner;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.PlanStep;
import dev.hoist.controller.core.deploy.PlannedHost;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.TrafficSteps;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment state machine (docs/orchestrator.md): Queued → InProgress → Succeeded | Failed |
 * Stopped, one group's deployments one at a time, hosts dispatched in the batches the
 * {@link DeploymentPlanner} chooses, a failed deployment followed by its automatic rollback. Every
 * change goes into the {@link UnitOfWork}; work for agents is sent only after it is committed.
 * Confined to the loop's thread.
 */
final class DeploymentLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentLifecycle.class);

    private final ActiveDeployments active;
    private final GroupHostRecords groupHosts;
    private final UnitOfWork unit;
    private final RevisionStore revisions;
    private final HostResolver resolver;
    private final HostWork work;
    private final RollbackPolicy rollbacks;
    private final AgentCommands commands;
    private final OrchestratorMetrics metrics;
    private final Clock clock;
    private final TrafficSteps traffic;
    private final CurrentRevisions currentRevisions;
    private final DeploymentPlanner planner = new DeploymentPlanner();
    /** Admitted since the last commit, started in the drain after it. */
    private List<ActiveDeployment> admitted = new ArrayList<>();

    DeploymentLifecycle(ActiveDeployments active, GroupHostRecords groupHosts, UnitOfWork unit,
            RevisionStore revisions, HostResolver resolver, HostWork work, RollbackPolicy rollbacks,
            AgentCommands commands, OrchestratorMetrics metrics, Clock clock, TrafficSteps traffic,
            CurrentRevisions currentRevisions) {
        this.traffic = traffic;
        this.currentRevisions = currentRevisions;
        this.active = active;
        this.groupHosts = groupHosts;
        this.unit = unit;
        this.revisions = revisions;
        this.resolver = resolver;
        this.work = work;
        this.rollbacks = rollbacks;
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A new deployment: recorded {@code Created} and started by {@link #startAdmitted} after the commit
     * that stores it (so the caller's answer waits for one row, not for the hosts), or {@code Queued}
     * behind its group's running one.
     */
    void admit(ActiveDeployment ad) {
        metrics.created();
        ActiveDeployment running = active.running(ad.group().id());
        active.add(ad);
        if (running == null) {
            update(ad, ad.deployment());
            admitted.add(ad);
        } else {
            update(ad, ad.deployment().withStatus(DeploymentStatus.QUEUED, waitingFor(running)));
        }
    }

    /** Whether deployments admitted since the last {@link #startAdmitted} wait to start. */
    boolean hasAdmitted() {
        return !admitted.isEmpty();
    }

    /**
     * Starts what {@link #admit} recorded, in creation order: a group's oldest waiting deployment starts
     * when nothing of the group runs, and the others wait {@code Queued} behind it.
     */
    void startAdmitted() {
        List<ActiveDeployment> admittedNow = admitted;
        admitted = new ArrayList<>();
        for (ActiveDeployment ad : admittedNow) {
            if (!active.contains(ad) || !ActiveDeployments.isWaiting(ad)) {
                continue; // stopped, or started by the end of another deployment of its group
            }
            ActiveDeployment running = active.running(ad.group().id());
            if (running == null) {
                start(active.nextWaiting(ad.group().id()));
            }
            running = active.running(ad.group().id());
            if (running != null && running != ad && ActiveDeployments.isWaiting(ad)) {
                update(ad, ad.deployment().withStatus(DeploymentStatus.QUEUED, waitingFor(running)));
            }
        }
    }

    /** Carries on with a deployment loaded from the store at start. */
    void resume(ActiveDeployment ad) {
        if (!ActiveDeployments.isWaiting(ad)) {
            ad.balancer(traffic.balancerOf(ad.group().id()).orElse(null));
        }
        boolean originalsStarted = ad.hosts().stream().anyMatch(h -> isOriginal(h) && h.commandId() != null);
        if (ad.deployment().continuedAt() != null || originalsStarted) {
            ad.rerouted(true); // continued, or the original set leaving: the reroute was asked for before the restart
        } else if (ad.deployment().status() == DeploymentStatus.READY) {
            // Every replacement host waits in AllowTraffic, as before the restart, until continue or continueBy.
            ad.hosts().stream().filter(h -> h.status() == HostStatus.IN_PROGRESS && h.commandId() != null)
                    .forEach(h -> ad.waitingForReroute().put(h.agentId(), h.commandId()));
        }
        for (HostRun host : ad.hosts()) {
            if (host.status() == HostStatus.IN_PROGRESS && host.commandId() != null) {
                commands.entrust(host.agentId(), host.commandId(), ad.revision().sha256());
            }
        }
        if (ActiveDeployments.isWaiting(ad)) {
            if (active.running(ad.group().id()) == null) {
                start(ad);
            }
        } else {
            advance(ad);
        }
    }

    /** See {@link dev.hoist.controller.core.deploy.Deployments#stop}; {@code ad} is unfinished. */
    Deployment stop(ActiveDeployment ad, boolean cancelRunningHooks, String actor) {
        if (ad.deployment().ending() != null) {
            return ad.deployment();
        }
        if (ActiveDeployments.isWaiting(ad)) {
            return end(ad, DeploymentStatus.STOPPED, "stopped by " + actor + " before it started",
                    Trigger.DEPLOYMENT_STOP_ON_REQUEST);
        }
        String reason = "stopped by " + actor + (cancelRunningHooks ? "; running hooks cancelled"
                : "; running hooks allowed to finish");
        skipPending(ad, "not deployed: the deployment was stopped");
        releaseWaiting(ad, "the deployment was stopped before the reroute: the replacement set gets no traffic");
        for (HostRun host : ad.hosts()) {
            if (host.status() == HostStatus.IN_PROGRESS) {
                unit.afterCommit(() -> cancel(host.agentId(), host.commandId(), !cancelRunningHooks));
            }
        }
        return endWhenIdle(ad, DeploymentStatus.STOPPED, reason, Trigger.DEPLOYMENT_STOP_ON_REQUEST);
    }

    /**
     * The host was given up on (its deadline passed, or its agent stayed away): its agent is told to
     * cancel the command, running hooks included, once committed, so the work does not go on unseen.
     */
    void recall(String agentId, String commandId) {
        unit.afterCommit(() -> cancel(agentId, commandId, false));
    }

    /** Sends a command again (after its agent reconnected without having it), once committed. */
    void redeliver(ActiveDeployment ad, HostRun host) {
        HostDeployment redelivery = work.build(host.commandId(), ad.deployment(), ad.group(), ad.revision(),
                ad.balancer(), host.standing());
        unit.afterCommit(() -> deliver(host.agentId(), redelivery));
    }

    /** Dispatches the next batch, or ends the deployment when the planner says so. */
    void advance(ActiveDeployment ad) {
        if (ActiveDeployments.isWaiting(ad) || !active.contains(ad)) {
            return;
        }
        Deployment.Ending ending = ad.deployment().ending();
        if (ending != null) {
            if (ad.inFlight() == 0) {
                end(ad, ending.status(), ad.deployment().error(), ending.trigger());
            }
            return;
        }
        if (ad.isBlueGreen()) {
            advanceBlueGreen(ad);
            return;
        }
        PlanStep step = planner.next(ad.tally(), ad.deployment().minimum());
        switch (step.outcome()) {
            case CONTINUE -> step.start().forEach(agentId -> dispatch(ad, agentId));
            case SUCCEEDED -> end(ad, DeploymentStatus.SUCCEEDED, null, null);
            case FAILED -> fail(ad, step.reason(), anyHostFailedWith(ad, FailureClass.HEALTH_CHECK_FAILED)
                    ? Trigger.DEPLOYMENT_STOP_ON_ALARM : Trigger.DEPLOYMENT_FAILURE);
        }
    }

    /**
     * Blue/green: the replacement set installs in the batches the deployment config chooses (a host that waits
     * in AllowTraffic counts as done), every host then waits in AllowTraffic for the reroute, which needs
     * every one of them. Once every replacement host has ended
     * (AfterAllowTraffic run), the original set's hosts run BeforeBlockTraffic, BlockTraffic and
     * AfterBlockTraffic, all at once. One failed host fails the deployment.
     */
    private void advanceBlueGreen(ActiveDeployment ad) {
        List<HostRun> hosts = List.copyOf(ad.hosts());
        HostRun failed = hosts.stream().filter(h -> h.status() == HostStatus.FAILED).findFirst().orElse(null);
        if (failed != null) {
            // end() says where the traffic is: switched back after the reroute, or never moved before it.
            fail(ad, "blue/green: " + (isOriginal(failed) ? "original" : "replacement") + " host " + failed.hostname()
                    + " failed (" + failed.failure() + ")" + (ad.rerouted() ? " after the reroute"
                    : " before the reroute"), FailureClass.HEALTH_CHECK_FAILED.name().equals(failed.failure())
                            ? Trigger.DEPLOYMENT_STOP_ON_ALARM : Trigger.DEPLOYMENT_FAILURE);
            return;
        }
        boolean replaced = hosts.stream().filter(h -> !isOriginal(h)).allMatch(h -> h.status() == HostStatus.SUCCEEDED);
        if (replaced && hosts.stream().allMatch(h -> h.status() == HostStatus.SUCCEEDED)) {
            Duration retireAfter = ad.balancer().blueGreen().retireAfter();
            List<HostRun> toRetire = hosts.stream().filter(h -> h.standing() == HostStanding.ORIGINAL_SET).toList();
            if (retireAfter == null || toRetire.isEmpty()) {
                end(ad, DeploymentStatus.SUCCEEDED, null, null);
                return;
            }
            Instant due = toRetire.stream().map(HostRun::endedAt).max(Instant::compareTo).orElseThrow()
                    .plus(retireAfter);
            if (clock.instant().isBefore(due)) {
                if (ad.retireDue() == null) {
                    LOG.info("Deployment {}: the original set left the traffic; it is retired (ApplicationStop) at {}, "
                            + "until when hoist deployment stop {} switches the traffic back to it", ad.id(), due,
                            ad.id());
                }
                ad.retireDue(due); // checked every tick
                return;
            }
            LOG.info("Deployment {}: retiring the original set: ApplicationStop on {}", ad.id(),
                    toRetire.stream().map(HostRun::hostname).toList());
            for (HostRun host : toRetire) {
                saveHost(ad, host.withStanding(HostStanding.RETIRING));
                dispatch(ad, host.agentId());
            }
            return;
        }
        if (replaced) {
            hosts.stream().filter(h -> h.status() == HostStatus.PENDING && isOriginal(h))
                    .forEach(h -> dispatch(ad, h.agentId()));
            return;
        }
        List<PlannedHost> replacement = hosts.stream().filter(h -> !isOriginal(h))
                .map(h -> readyToReroute(ad, h) ? h.planned().withStatus(HostStatus.SUCCEEDED) : h.planned()).toList();
        PlanStep step = planner.next(replacement, ad.deployment().minimum());
        if (step.outcome() == PlanStep.Outcome.CONTINUE) {
            step.start().forEach(agentId -> dispatch(ad, agentId));
        }
    }

    /** Blue/green: a replacement host installed and validated, waiting in AllowTraffic for the reroute. */
    private static boolean readyToReroute(ActiveDeployment ad, HostRun host) {
        if (ad.waitingForReroute().containsKey(host.agentId())) {
            return true;
        }
        HostEvent allow = ad.events(host.agentId()).get(LifecycleEvent.ALLOW_TRAFFIC.wireName());
        return host.status() == HostStatus.IN_PROGRESS && allow != null && allow.status() == HostStatus.IN_PROGRESS;
    }

    /** Blue/green: a host of the set that served when the deployment started. */
    static boolean isOriginal(HostRun host) {
        return host.standing() == HostStanding.ORIGINAL_SET || host.standing() == HostStanding.RETIRING;
    }

    /** Blue/green: deployments whose original set's wait before retirement is over retire it now. */
    void retireDue() {
        Instant now = clock.instant();
        // Every tick: read in place; only the due ones are listed, as advance may end a deployment.
        List<ActiveDeployment> due = active.view().stream().filter(ad -> ad.retireDue() != null
                && !now.isBefore(ad.retireDue()) && ad.deployment().ending() == null).toList();
        for (ActiveDeployment ad : due) {
            ad.retireDue(null);
            advance(ad);
        }
    }

    /**
     * Blue/green: a replacement host waits in AllowTraffic. Once every one does, the traffic is switched;
     * a deployment that is already ending releases it with a failure at once (nothing moves).
     */
    void awaitReroute(ActiveDeployment ad, HostRun host) {
        if (ad.rerouted()) {
            return;
        }
        if (ad.deployment().ending() != null) {
            String agentId = host.agentId();
            String commandId = host.commandId();
            String message = "the deployment is ending (" + ad.deployment().error() + "): the replacement set gets no "
                    + "traffic";
            unit.afterCommit(() -> traffic.release(agentId, commandId, "AllowTraffic",
                    FailureClass.TRAFFIC_ALLOW_FAILED.name(), message));
            return;
        }
        ad.waitingForReroute().put(host.agentId(), host.commandId());
        boolean everyHost = ad.hosts().stream().filter(h -> !isOriginal(h))
                .allMatch(h -> ad.waitingForReroute().containsKey(h.agentId()));
        if (!everyHost) {
            advance(ad); // the next batch of the replacement set, if the config held it back
            return;
        }
        if (ad.deployment().status() == DeploymentStatus.READY) {
            return; // Ready: the stored wait holds, whatever the group's setting now
        }
        LoadBalancer.BlueGreen sets = ad.balancer().blueGreen();
        if (sets.waitsForContinue()) {
            Instant by = clock.instant().plus(sets.continueExpiry());
            update(ad, ad.deployment().awaitingContinue(by));
            LOG.info("Deployment {}: every replacement host is ready; the traffic stays on the {} set until "
                    + "hoist deployment continue {}, or the deployment is stopped at {}", ad.id(), sets.serving(),
                    ad.id(), by);
            return;
        }
        reroute(ad);
    }

    /**
     * Blue/green: {@code hoist deployment continue} on a {@code Ready} deployment switches the traffic.
     *
     * @throws Refusal {@code DEPLOYMENT_NOT_WAITING} (409) when the deployment does not wait for continue now
     */
    Deployment continueReroute(ActiveDeployment ad, String actor) {
        Deployment deployment = ad.deployment();
        if (deployment.status() != DeploymentStatus.READY || deployment.ending() != null || !ad.isBlueGreen()) {
            String why = !ad.isBlueGreen() || !ad.balancer().blueGreen().waitsForContinue()
                    && deployment.continueBy() == null
                    ? "it does not wait for continue: its group is not blue/green with a wait before the reroute "
                    + "(hoist group load-balancer set ... --wait-for-continue DURATION)"
                    : deployment.continuedAt() != null ? "it was continued at " + deployment.continuedAt()
                    : deployment.ending() != null ? "it is ending " + deployment.ending().status().displayName()
                    : "its replacement hosts are not all ready yet; it turns Ready when they are";
            throw notWaiting(deployment, why);
        }
        update(ad, deployment.continued(clock.instant()));
        LOG.info("Deployment {} continued by {}", ad.id(), actor);
        reroute(ad);
        return ad.deployment();
    }

    /** The refusal of a continue: {@code deployment} is not Ready. */
    static Refusal notWaiting(Deployment deployment, String why) {
        return Refusal.conflict("DEPLOYMENT_NOT_WAITING", "deployment " + deployment.id() + " is "
                + deployment.status().displayName() + ", not Ready: " + why + "; see: hoist deployment get "
                + deployment.id(), Map.of("deploymentId", deployment.id(), "status",
                deployment.status().displayName()));
    }

    /**
     * Blue/green: a {@code Ready} deployment not continued by its {@code continueBy} is Stopped, as
     * CodeDeploy's STOP_DEPLOYMENT: its hosts are released from AllowTraffic and nothing moves at the balancer.
     */
    void expireContinueWaits() {
        Instant now = clock.instant();
        for (ActiveDeployment ad : active.all()) {
            Deployment deployment = ad.deployment();
            if (deployment.status() == DeploymentStatus.READY && deployment.ending() == null
                    && deployment.continueBy() != null && !now.isBefore(deployment.continueBy())) {
                String reason = "not continued by " + deployment.continueBy() + " (hoist deployment continue "
                        + ad.id() + "): stopped before the reroute";
                LOG.info("Deployment {}: {}", ad.id(), reason);
                releaseWaiting(ad, reason + ": the replacement set gets no traffic");
                endWhenIdle(ad, DeploymentStatus.STOPPED, reason, Trigger.DEPLOYMENT_STOP_ON_REQUEST);
            }
        }
    }

    private void reroute(ActiveDeployment ad) {
        ad.rerouted(true);
        LoadBalancer balancer = ad.balancer();
        Map<String, String> waiting = Map.copyOf(ad.waitingForReroute());
        List<String> originals = ad.hosts().stream().filter(DeploymentLifecycle::isOriginal).map(HostRun::agentId)
                .toList();
        LOG.info("Deployment {}: every replacement host is ready; switching the traffic from the {} set to the {} "
                + "set", ad.id(), balancer.blueGreen().serving(), balancer.blueGreen().idle());
        unit.afterCommit(() -> traffic.reroute(balancer, ad.group(), waiting, originals));
    }

    /** Blue/green: hosts waiting for a reroute that will not come are released with {@code message}. */
    private void releaseWaiting(ActiveDeployment ad, String message) {
        if (ad.deployment().status() == DeploymentStatus.READY) {
            update(ad, ad.deployment().withStatus(DeploymentStatus.IN_PROGRESS, ad.deployment().error()));
        }
        if (!ad.isBlueGreen() || ad.rerouted()) {
            return;
        }
        for (Map.Entry<String, String> waiting : Map.copyOf(ad.waitingForReroute()).entrySet()) {
            unit.afterCommit(() -> traffic.release(waiting.getKey(), waiting.getValue(), "AllowTraffic",
                    FailureClass.TRAFFIC_ALLOW_FAILED.name(), message));
        }
        ad.waitingForReroute().clear();
    }

    /** The host's command ended (or was given up on); its unfinished events are closed to match. */
    void finishHost(ActiveDeployment ad, HostRun host, HostStatus status, String failure, String message) {
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
                unit.event(ad, closed);
            }
        }
        saveHost(ad, host.finished(status, failure, message, now));
        if (host.commandId() != null) {
            // Once the end is stored: a commit that fails leaves the host in flight, still needing its bundle.
            unit.afterCommit(() -> commands.withdraw(host.agentId(), host.commandId()));
        }
        if ((status == HostStatus.SUCCEEDED || status == HostStatus.FAILED) && !isOriginal(host)) {
            // An original-set host installed nothing: it keeps the record of the revision it runs.
            GroupHostRecord previous = groupHosts.of(ad.group().id()).get(host.agentId());
            String revision = status == HostStatus.SUCCEEDED ? ad.deployment().revisionId()
                    : previous == null ? null : previous.revisionId();
            GroupHostRecord record = new GroupHostRecord(ad.group().id(), host.agentId(), revision, status, now,
                    ad.id(), status == HostStatus.FAILED ? failure : null, status == HostStatus.FAILED ? message : null);
            groupHosts.put(record);
            unit.groupHost(record);
        }
    }

    /** The deployment can no longer succeed: skip what has not started, end once nothing is in flight. */
    void fail(ActiveDeployment ad, String reason, Trigger trigger) {
        skipPending(ad, "not deployed: the deployment failed");
        releaseWaiting(ad, "the deployment failed before the reroute (" + reason + "): the replacement set gets no "
                + "traffic");
        endWhenIdle(ad, DeploymentStatus.FAILED, reason, trigger);
    }

    void saveHost(ActiveDeployment ad, HostRun host) {
        ad.host(host);
        unit.host(ad.deployment().application(), host);
    }

    private void start(ActiveDeployment ad) {
        if (!ad.deployment().targetAgentIds().isEmpty() && !ad.deployment().isRollback() && !retargetAtStart(ad)) {
            return;
        }
        Deployment deployment = ad.deployment();
        ad.balancer(traffic.balancerOf(deployment.groupId()).orElse(null));
        LoadBalancer.BlueGreen sets = ad.isBlueGreen() ? ad.balancer().blueGreen() : null;
        List<HostRun> originals = List.of();
        List<HostRun> hosts;
        if (sets == null) {
            hosts = resolver.resolve(deployment.id(), ad.group(), deployment.revisionId(),
                    groupHosts.of(deployment.groupId()), tags -> true, deployment.targetAgentIds());
        } else {
            // The serving set's connected hosts take themselves out of service after the reroute, running their
            // hooks; the reroute drains the servers of the others at the balancer.
            HostResolver.BlueGreenHosts both = resolver.resolveBlueGreen(deployment.id(), ad.group(),
                    deployment.revisionId(), groupHosts.of(deployment.groupId()), tags -> sets.contains(sets.idle(), tags),
                    tags -> sets.contains(sets.serving(), tags), deployment.targetAgentIds());
            hosts = both.replacement();
            originals = both.originals();
        }
        String refusal = planner.refusal(hosts.size(), deployment.minimum());
        if (refusal != null && sets != null && hosts.isEmpty()) {
            refusal = "blue/green: the group has no host in the " + sets.idle() + " set (" + sets.tagOf(sets.idle())
                    + "), where this deployment installs while the " + sets.serving() + " set serves";
        }
        if (refusal == null && ad.balancer() != null && sets == null) {
            refusal = trafficGuard(hosts.size(), deployment, ad.balancer());
        }
        if (refusal != null) {
            end(ad, DeploymentStatus.FAILED, refusal, Trigger.DEPLOYMENT_FAILURE);
            return;
        }
        update(ad, deployment.started(clock.instant()));
        List<HostRun> all = new ArrayList<>(hosts);
        all.addAll(originals);
        for (HostRun host : all) {
            ad.host(host);
            unit.newHost(deployment.application(), host);
        }
        advance(ad);
    }

    /**
     * A deployment for some hosts (automatic, or {@code hoist group converge}) brings them to the group's
     * revision as it is when the deployment starts, not as it was when it was queued: the deployment it
     * waited for may have changed it, or already brought some of its hosts there (they are left out). When
     * none is left, it ends {@code Stopped} having done nothing.
     *
     * @return whether it goes on starting
     */
    private boolean retargetAtStart(ActiveDeployment ad) {
        Deployment deployment = ad.deployment();
        String current = currentRevisions.of(deployment.groupId()).orElse(null);
        if (current == null) {
            end(ad, DeploymentStatus.STOPPED, "nothing to do: the group has no successful deployment, so no revision "
                    + "to bring its hosts to", null);
            return false;
        }
        Map<String, GroupHostRecord> records = groupHosts.of(deployment.groupId());
        List<String> behind = deployment.targetAgentIds().stream().filter(id -> records.get(id) == null
                || records.get(id).lastStatus() == HostStatus.FAILED || !current.equals(records.get(id).revisionId()))
                .toList();
        if (behind.isEmpty()) {
            end(ad, DeploymentStatus.STOPPED, "nothing left to do: every host it was for runs the group's revision "
                    + current + " now (a deployment before it brought them there)", null);
            return false;
        }
        Deployment changed = deployment.forHosts(behind);
        if (!current.equals(deployment.revisionId())) {
            Optional<Revision> revision = revisions.find(current);
            if (revision.isEmpty()) {
                end(ad, DeploymentStatus.FAILED, "the group's revision " + current + " no longer exists", null);
                return false;
            }
            ad.revision(revision.get());
            changed = changed.withRevision(current, deployment.description() + "; revision " + current
                    + ", the group's when it started");
        }
        if (!changed.equals(deployment)) {
            update(ad, changed);
        }
        return true;
    }

    /** Folds more hosts into a deployment for some hosts that has not started yet. */
    void retarget(ActiveDeployment ad, List<String> agentIds, String description) {
        update(ad, ad.deployment().forHosts(agentIds).withRevision(ad.deployment().revisionId(), description));
    }

    private void dispatch(ActiveDeployment ad, String agentId) {
        Instant now = clock.instant();
        String commandId = Secrets.newId("cmd-");
        HostRun host = ad.host(agentId).dispatched(commandId, now, now.plus(work.budget(ad.group(), ad.balancer())));
        active.commandIssued(commandId, ad);
        saveHost(ad, host);
        // The events to come are kept here only: a row is written once the agent reports on each.
        Map<String, HostEvent> events = ad.events(agentId);
        events.clear();
        for (String event : HostWork.events(ad.group(), ad.balancer(), host.standing())) {
            events.put(event, HostEvent.pending(ad.id(), agentId, event));
        }
        metrics.hostDispatched();
        HostDeployment hostWork = work.build(commandId, ad.deployment(), ad.group(), ad.revision(), ad.balancer(),
                host.standing());
        unit.afterCommit(() -> deliver(agentId, hostWork));
    }

    /**
     * The traffic guard at creation: a plan that may take every host of the group out of service at once
     * would leave the balancer's backends with none of them.
     */
    private static String trafficGuard(int hostCount, Deployment deployment, LoadBalancer balancer) {
        int healthy = deployment.minimum().requiredOf(hostCount);
        if (healthy > 0 || hostCount < 2) {
            return null; // one host alone: the run-time guard waits for another server of the backend instead
        }
        return "traffic guard: the group is behind load balancer backend(s) " + balancer.backends() + " and "
                + deployment.configName() + " (minimum healthy hosts " + deployment.minimum().describe() + " = "
                + healthy + " of " + hostCount + ") may take " + hostCount + " of " + hostCount + " hosts out of "
                + "service at once, leaving no server up; use a config that keeps at least one host healthy, such "
                + "as OneAtATime or HalfAtATime";
    }

    private void deliver(String agentId, HostDeployment hostWork) {
        try {
            if (!commands.deploy(agentId, hostWork)) {
                // Sent again when the agent says hello; failed AGENT_LOST if it stays away too long.
                LOG.debug("Agent {} is not connected; command {} waits for its hello", agentId, hostWork.commandId());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not send command {} to agent {}", hostWork.commandId(), agentId, e);
        }
    }

    private void cancel(String agentId, String commandId, boolean allowRunningHooksToFinish) {
        try {
            commands.cancel(agentId, commandId, allowRunningHooksToFinish);
        } catch (RuntimeException e) {
            LOG.error("Could not cancel command {} on agent {}", commandId, agentId, e);
        }
    }

    private void skipPending(ActiveDeployment ad, String message) {
        for (HostRun host : List.copyOf(ad.hosts())) {
            if (host.status() == HostStatus.PENDING) {
                saveHost(ad, host.finished(HostStatus.SKIPPED, null, message, clock.instant()));
            }
        }
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
        active.remove(ad);
        Deployment ended = ad.deployment().ended(status, reason, now);
        ActiveDeployment rollback = null;
        if (ad.isBlueGreen()) {
            LoadBalancer balancer = ad.balancer();
            LoadBalancer.BlueGreen sets = balancer.blueGreen();
            boolean retiring = ad.hosts().stream().anyMatch(h -> h.standing() == HostStanding.RETIRING);
            if (status == DeploymentStatus.SUCCEEDED || retiring) {
                // Once the original set is being retired, the traffic stays where it went, whatever happens.
                LoadBalancer switched = balancer.withBlueGreen(sets.serving(sets.idle()));
                unit.afterCommit(() -> traffic.serving(ad.group().id(), switched));
                if (status != DeploymentStatus.SUCCEEDED) {
                    ended = ended.withStatus(status, reason + "; the traffic stays on the " + sets.idle()
                            + " set: the original set's retirement had begun");
                }
            } else if (ad.rerouted()) {
                List<String> replacement = ad.hosts().stream().filter(h -> !isOriginal(h)).map(HostRun::agentId)
                        .toList();
                unit.afterCommit(() -> traffic.switchBack(balancer, ad.group(), replacement));
                ended = ended.withStatus(status, reason + "; the traffic was switched back to the " + sets.serving()
                        + " set");
            } else {
                ended = ended.withStatus(status, (reason == null ? "" : reason + "; ") + "the " + sets.serving()
                        + " set kept serving, nothing to roll back");
            }
        } else if (status != DeploymentStatus.SUCCEEDED) {
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
        if (status == DeploymentStatus.SUCCEEDED) {
            currentRevisions.succeeded(ended);
        }
        metrics.ended(status);
        LOG.info("Deployment {} of {}/{} ended {}{}", ended.id(), ended.application(), ended.groupName(),
                status.displayName(), reason == null ? "" : ": " + reason);
        if (rollback != null) {
            metrics.created();
            active.add(rollback);
            LOG.info("Deployment {} rolls back {} to revision {}", rollback.id(), ended.id(),
                    rollback.deployment().revisionId());
            start(rollback);
        } else if (active.running(ad.group().id()) == null) {
            ActiveDeployment next = active.nextWaiting(ad.group().id());
            if (next != null) {
                start(next);
            }
        }
        requeueBehind(ad.group().id());
        return ended;
    }

    /** Queued deployments name the one they now wait for. */
    private void requeueBehind(String groupId) {
        ActiveDeployment running = active.running(groupId);
        if (running == null) {
            return;
        }
        String reason = waitingFor(running);
        for (ActiveDeployment ad : active.all()) {
            if (ad.group().id().equals(groupId) && ActiveDeployments.isWaiting(ad)
                    && !reason.equals(ad.deployment().error())) {
                update(ad, ad.deployment().withStatus(DeploymentStatus.QUEUED, reason));
            }
        }
    }

    private void update(ActiveDeployment ad, Deployment changed) {
        ad.deployment(changed);
        unit.deployment(changed, ad.hostCounts());
    }

    private static String waitingFor(ActiveDeployment running) {
        return "waiting for deployment " + running.id() + " of this group";
    }

    private static boolean anyHostFailedWith(ActiveDeployment ad, FailureClass failure) {
        return ad.hosts().stream().anyMatch(host -> failure.name().equals(host.failure()));
    }
}
