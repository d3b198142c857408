package dev.hoist.controller.orchestrator;

import com.codahale.metrics.MetricRegistry;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentReports.EventReport;
import dev.hoist.controller.core.deploy.AgentReports.HostOutcome;
import dev.hoist.controller.core.deploy.AgentReports.LogBatch;
import dev.hoist.controller.core.deploy.AgentReports.LogEntry;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.JdbiDeploymentStore;
import dev.hoist.controller.testing.MutableClock;
import dev.hoist.controller.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;

/**
 * An orchestrator on a real H2 store, driven by hand: the test plays the agents (their reports go in
 * through the orchestrator's {@code AgentReports} methods), moves the clock and calls the tick.
 * Each call is followed by the commit the loop would make at the end of its drain.
 */
final class OrchestratorHarness {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Duration AGENT_LOST = Duration.ofSeconds(60);
    static final Duration BATCH_WINDOW = Duration.ofSeconds(5);
    static final Duration BATCH_LIMIT = Duration.ofSeconds(60);

    final MutableClock clock = new MutableClock(T0);
    final JdbiDeploymentStore store;
    final JdbiAgentStore agents;
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final RecordingAgentCommands commands = new RecordingAgentCommands();
    final List<Object> heard = new CopyOnWriteArrayList<>();
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    final RecordingTrafficSteps traffic = new RecordingTrafficSteps();
    private AgentPresence presence;
    private Orchestrator orchestrator;
    private DeploymentAdmission admission;
    private int revisions;

    private final Jdbi jdbi;

    OrchestratorHarness() {
        // A SQLite file of its own (the store tests cover SQLite and PostgreSQL); it outlives a "killed" orchestrator.
        jdbi = TestStores.sqliteInTemporaryDirectory("orchestrator-");
        store = new JdbiDeploymentStore(jdbi, 1000);
        agents = new JdbiAgentStore(jdbi);
        build();
    }

    private void build() {
        OrchestratorMetrics metrics = new OrchestratorMetrics(new MetricRegistry());
        presence = new AgentPresence(clock);
        DeploymentListener listener = new DeploymentListener() {
            @Override
            public void deploymentChanged(long seq, Deployment deployment, Map<HostStatus, Integer> counts) {
                heard.add(deployment);
            }

            @Override
            public void hostChanged(long seq, String application, HostRun host) {
                heard.add(host);
            }

            @Override
            public void logLine(long seq, String application, LogLine line) {
                heard.add(line);
            }
        };
        orchestrator = new Orchestrator(store, catalog.groups, catalog.revisions, new HostResolver(agents, presence),
                new HostWork(Duration.ofMinutes(5)), new RollbackPolicy(store, catalog.configs), commands, listener,
                metrics, presence, clock, AGENT_LOST, traffic, new Orchestrator.AutoDeploySettings(agents,
                        catalog.configs, BATCH_WINDOW, BATCH_LIMIT));
        admission = new DeploymentAdmission(catalog.applications, catalog.groups, catalog.revisions, catalog.configs,
                clock);
        orchestrator.resume();
        orchestrator.commit();
    }

    /**
     * A controller killed at once and started again: it knows what it committed (each call of this
     * harness ends with a commit) and nobody is connected to it yet.
     */
    void killAndRestart() {
        build();
    }

    void close() {
        // Nothing to drop: the SQLite file goes with its temporary directory when the JVM exits.
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    // --- catalog and registry ---------------------------------------------------------------------

    void application(String name) {
        catalog.applications.insert(new Application(name, T0, "admin"));
    }

    DeploymentGroup group(String app, String name, String tag, String config, AutoDeploy autoDeploy) {
        DeploymentGroup group = group(app, name, tag, config, AutoRollback.DISABLED, List.of())
                .withAutoDeploy(autoDeploy);
        catalog.groups.updateAutoDeploy(group.id(), autoDeploy);
        return group;
    }

    DeploymentGroup group(String app, String name, String tag, String config, AutoRollback autoRollback,
            List<HealthCheckSpec> healthChecks) {
        DeploymentGroup group = new DeploymentGroup(Secrets.newId("dg-"), app, name,
                TagSet.anyOf(List.of(TagFilter.parse(tag))), null, config, autoRollback, null, healthChecks,
                Duration.ofMinutes(10), T0);
        catalog.groups.insert(group);
        return group;
    }

    Revision revision(String app) {
        revisions++;
        Revision revision = new Revision("rev-" + revisions, app, "ab".repeat(32), 1234, "tgz", null, null,
                T0.plusSeconds(revisions), "admin");
        catalog.revisions.insert(revision);
        return revision;
    }

    /** Enrolls an agent; a connected one has said hello to the orchestrator and accepts work. */
    String agent(String hostname, Map<String, String> tags, boolean connected) {
        String id = Secrets.newId("agt-");
        agents.insert(new Agent(id, hostname, tags, "0.1.0", "Linux", T0, T0, AgentState.DISCONNECTED, T0, null));
        if (connected) {
            agents.recordConnected(id, "0.1.0", null, clock.instant());
            commands.online.add(id);
            connect(id, List.of());
        }
        return id;
    }

    void connect(String agentId, List<String> pendingCommandIds) {
        commands.online.add(agentId);
        presence.connected(agentId, clock.instant());
        orchestrator.agentConnected(agentId, pendingCommandIds);
        orchestrator.commit();
    }

    void disconnect(String agentId) {
        commands.online.remove(agentId);
        presence.disconnected(agentId, clock.instant());
        orchestrator.commit();
    }

    // --- deployments ------------------------------------------------------------------------------

    Deployment deploy(String app, String group, String revision, Boolean autoRollback) {
        Deployment deployment = orchestrator.admit(admission.admit(new DeploymentRequest(app, group, revision, null,
                false, null, autoRollback, null), "alice"), null);
        orchestrator.commit();
        // As the loop does: the caller has its answer once the deployment is stored; it starts next.
        if (orchestrator.hasAdmitted()) {
            orchestrator.startAdmitted();
            orchestrator.commit();
        }
        return orchestrator.unfinished(deployment.id()).orElseGet(() -> stored(deployment.id()));
    }

    Deployment stop(String deploymentId, boolean cancelRunningHooks) {
        Deployment deployment = orchestrator.stop(deploymentId, cancelRunningHooks, "bob");
        orchestrator.commit();
        return deployment;
    }

    Deployment continueReroute(String deploymentId) {
        Deployment deployment = orchestrator.continueReroute(deploymentId, "bob");
        orchestrator.commit();
        return deployment;
    }

    void tick() {
        orchestrator.tick();
        orchestrator.commit();
        // As the loop does: deployments the tick admitted (automatic ones) start in a drain of their own.
        if (orchestrator.hasAdmitted()) {
            orchestrator.startAdmitted();
            orchestrator.commit();
        }
    }

    /** The registry tells the orchestrator of the agent's record as it reads now (enrolled, connected, tagged). */
    void announce(String agentId) {
        orchestrator.agentChanged(agents.find(agentId).orElseThrow());
        orchestrator.commit();
    }

    /** Converge by hand, as {@code hoist group converge} by bob. */
    Deployment converge(String app, String group) {
        Deployment deployment = orchestrator.converge(catalog.groups.find(app, group).orElseThrow(), "bob");
        orchestrator.commit();
        if (orchestrator.hasAdmitted()) {
            orchestrator.startAdmitted();
            orchestrator.commit();
        }
        return orchestrator.unfinished(deployment.id()).orElseGet(() -> stored(deployment.id()));
    }

    /** Every deployment stored, oldest first. */
    List<Deployment> deployments() {
        List<Deployment> all = new java.util.ArrayList<>(store.list(new dev.hoist.controller.core.deploy.DeploymentQuery(
                null, null, null, 1000)));
        java.util.Collections.reverse(all);
        return all;
    }

    /** The deployment as stored, once every queued write is in. */
    Deployment stored(String deploymentId) {
        return store.find(deploymentId).orElseThrow();
    }

    HostRun host(String deploymentId, String agentId) {
        return store.hosts(deploymentId).stream().filter(h -> h.agentId().equals(agentId)).findFirst().orElseThrow();
    }

    List<HostEvent> events(String deploymentId, String agentId) {
        return store.events(deploymentId, agentId);
    }

    // --- playing an agent -------------------------------------------------------------------------

    HostDeployment work(String agentId) {
        List<HostDeployment> sent = commands.sentTo(agentId);
        if (sent.isEmpty()) {
            throw new AssertionError("no work was sent to " + agentId);
        }
        return sent.get(sent.size() - 1);
    }

    /** Blue/green: runs the host's events up to AllowTraffic, which it reports InProgress (it waits for the reroute). */
    void readyToReroute(String agentId) {
        ack(agentId);
        for (String event : work(agentId).events()) {
            event(agentId, event, HostStatus.IN_PROGRESS, null);
            if (event.equals("AllowTraffic")) {
                return;
            }
            event(agentId, event, HostStatus.SUCCEEDED, null);
        }
    }

    void ack(String agentId) {
        orchestrator.commandAcknowledged(agentId, work(agentId).commandId(), true, null);
        orchestrator.commit();
    }

    void event(String agentId, String event, HostStatus status, String failure) {
        HostDeployment work = work(agentId);
        orchestrator.eventStatus(agentId, new EventReport(work.commandId(), work.deploymentId(), event, status,
                failure, null, failure == null ? null : 1, clock.instant(), status.isFinal() ? clock.instant() : null));
        orchestrator.commit();
    }

    void log(String agentId, String event, long firstLine, String... lines) {
        HostDeployment work = work(agentId);
        List<LogEntry> entries = java.util.Arrays.stream(lines)
                .map(text -> new LogEntry(clock.instant(), "stdout", "scripts/run.sh", text)).toList();
        orchestrator.logLines(agentId, new LogBatch(work.commandId(), work.deploymentId(), event, firstLine, entries));
        orchestrator.commit();
    }

    void result(String agentId, HostStatus status, String failure) {
        HostDeployment work = work(agentId);
        orchestrator.hostResult(agentId, new HostOutcome(work.commandId(), work.deploymentId(), status, failure,
                failure == null ? "done" : "failed: " + failure), () -> acknowledged.add(work.commandId()));
        orchestrator.commit();
    }

    /** The agent runs every event of its latest work successfully. */
    void succeed(String agentId) {
        ack(agentId);
        for (String event : work(agentId).events()) {
            event(agentId, event, HostStatus.IN_PROGRESS, null);
            event(agentId, event, HostStatus.SUCCEEDED, null);
        }
        result(agentId, HostStatus.SUCCEEDED, null);
    }

    /** The agent runs its latest work until {@code failingEvent}, which fails with {@code failure}. */
    void failAt(String agentId, String failingEvent, String failure) {
        ack(agentId);
        for (String event : work(agentId).events()) {
            event(agentId, event, HostStatus.IN_PROGRESS, null);
            if (event.equals(failingEvent)) {
                event(agentId, event, HostStatus.FAILED, failure);
                break;
            }
            event(agentId, event, HostStatus.SUCCEEDED, null);
        }
        result(agentId, HostStatus.FAILED, failure);
    }
}
