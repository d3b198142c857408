package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentReports.EventReport;
import dev.hoist.controller.core.deploy.AgentReports.HostOutcome;
import dev.hoist.controller.core.deploy.AgentReports.LogBatch;
import dev.hoist.controller.core.deploy.AgentReports.LogEntry;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentQuery;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.core.traffic.TrafficSteps;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.JdbiDeploymentStore;
import dev.hoist.controller.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real orchestrator loop on a real PostgreSQL store that fails, then stalls, in the middle of a
 * deployment. Nothing may be acknowledged before it is stored, nothing may be lost, and the deployment
 * must finish once the store is back. The failure is real: the table the events go to is renamed away
 * (every write fails as it would with the database gone), or locked (every write waits).
 */
class OrchestratorStoreOutageTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Clock clock = Clock.systemUTC();
    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final RecordingAgentCommands commands = new RecordingAgentCommands();
    private final MetricRegistry registry = new MetricRegistry();
    private final List<Boolean> pressure = new CopyOnWriteArrayList<>();
    private String schema;
    private Jdbi jdbi;
    private JdbiDeploymentStore store;
    private OrchestratorLoop loop;
    private String agentId;

    @BeforeEach
    void start() {
        schema = Secrets.newId("hoist_test_").toLowerCase(Locale.ROOT);
        Jdbi.create(SERVER, "postgres", "").useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        jdbi = TestStores.postgres(SERVER + "?currentSchema=" + schema, "postgres");
        store = new JdbiDeploymentStore(jdbi, 10_000);
        JdbiAgentStore agents = new JdbiAgentStore(jdbi);
        agentId = Secrets.newId("agt-");
        Instant now = clock.instant();
        agents.insert(new Agent(agentId, "web-1", Map.of("role", "web"), "0.1.0", "Linux", now, now,
                AgentState.CONNECTED, now, null));
        catalog.applications.insert(new Application("shop", now, "admin"));
        catalog.groups.insert(new DeploymentGroup(Secrets.newId("dg-"), "shop", "web",
                TagSet.anyOf(List.of(TagFilter.parse("role=web"))), null, "AllAtOnce", null, null, List.of(),
                Duration.ofMinutes(10), now));
        catalog.revisions.insert(new Revision("rev-1", "shop", "ab".repeat(32), 1234, "tgz", null, null, now, "admin"));

        AgentPresence presence = new AgentPresence(clock);
        OrchestratorMetrics metrics = new OrchestratorMetrics(registry);
        Orchestrator orchestrator = new Orchestrator(store, catalog.groups, catalog.revisions,
                new HostResolver(agents, presence), new HostWork(Duration.ofMinutes(5)), new RollbackPolicy(store, catalog.configs),
                commands, DeploymentListener.NONE, metrics, presence, clock, Duration.ofMinutes(10),
                TrafficSteps.NONE, new Orchestrator.AutoDeploySettings(agents, catalog.configs, Duration.ofSeconds(5),
                        Duration.ofSeconds(60)));
        DeploymentAdmission admission = new DeploymentAdmission(catalog.applications, catalog.groups,
                catalog.revisions, catalog.configs, clock);
        loop = new OrchestratorLoop(orchestrator, admission, catalog.applications, catalog.groups, metrics,
                Duration.ofHours(1), 200);
        loop.pressure(pressure::add);
        loop.start();
        commands.online.add(agentId);
        presence.connected(agentId, now);
        loop.agentConnected(agentId, List.of());
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
        Jdbi.create(SERVER, "postgres", "").useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
    }

    @Test
    void whileTheStoreFailsNothingIsAcknowledgedOrLostAndTheDeploymentFinishesWhenItIsBack() {
        Deployment deployment = loop.create(request(), "alice", "key-1");
        HostDeployment work = awaitWork();

        jdbi.useHandle(h -> h.execute("ALTER TABLE deployment_events RENAME TO deployment_events_away"));
        AtomicInteger acknowledged = new AtomicInteger();
        reportEverything(work, acknowledged);
        await().atMost(DEADLINE).until(() -> registry.meter("hoist.deployments.writes.failed").getCount() >= 1);

        assertThat(acknowledged).as("no result acknowledged before it is stored").hasValue(0);
        assertThatThrownBy(() -> loop.create(request(), "alice", "key-2"))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo("STORE_UNAVAILABLE");
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                });
        assertThat(store.find(deployment.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(commands.withdrawn).as("the host's end is not stored: its bundle stays granted").isEmpty();

        jdbi.useHandle(h -> h.execute("ALTER TABLE deployment_events_away RENAME TO deployment_events"));

        await().atMost(DEADLINE).until(() -> acknowledged.get() == 1);
        assertThat(commands.withdrawn).containsExactly(agentId + "/" + work.commandId());
        assertThat(store.find(deployment.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(store.events(deployment.id(), agentId)).allSatisfy(
                event -> assertThat(event.status()).as(event.event()).isEqualTo(HostStatus.SUCCEEDED));
        assertThat(store.logs(deployment.id(), new LogPage(agentId, 0, 0, 1000))).extracting(LogLine::text)
                .containsExactlyElementsOf(expectedLines(work));

        // The create refused during the outage changed nothing; retried with its key, it is made once.
        Deployment retried = loop.create(request(), "alice", "key-2");
        Deployment again = loop.create(request(), "alice", "key-2");
        assertThat(again.id()).isEqualTo(retried.id());
        assertThat(loop.create(request(), "alice", "key-1").id()).isEqualTo(deployment.id());
        assertThat(store.list(new DeploymentQuery(null, null, null, 100))).extracting(Deployment::id)
                .containsExactlyInAnyOrder(deployment.id(), retried.id());
        assertThatThrownBy(() -> loop.create(new DeploymentRequest("shop", "web", "latest", null, true, null, null,
                "another"), "alice", "key-2"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void aStalledStorePausesReadingFromAgentsAndLosesNothing() throws Exception {
        Deployment deployment = loop.create(request(), "alice", null);
        HostDeployment work = awaitWork();
        loop.commandAcknowledged(agentId, work.commandId(), true, "");

        List<String> sent = new ArrayList<>();
        try (Handle locker = Jdbi.create(SERVER + "?currentSchema=" + schema, "postgres", "").open()) {
            locker.begin();
            locker.execute("LOCK TABLE deployment_logs IN ACCESS EXCLUSIVE MODE");
            for (int batch = 0; batch < 401; batch++) {
                String text = "line " + batch;
                sent.add(text);
                loop.logLines(agentId, new LogBatch(work.commandId(), deployment.id(), "Install", batch + 1,
                        List.of(new LogEntry(clock.instant(), "stdout", "scripts/install.sh", text))));
                if (batch == 0) {
                    // The loop's commit now waits for the lock: nothing more is drained until it is released.
                    await().atMost(DEADLINE).until(() -> waitingForLocks() > 0);
                }
            }
            await().atMost(DEADLINE).until(() -> pressure.contains(Boolean.TRUE));
            locker.rollback(); // (reading the lines here would wait for the lock too)
        }

        await().atMost(DEADLINE).until(() -> pressure.size() >= 2 && !pressure.get(pressure.size() - 1));
        assertThat(pressure).containsExactly(true, false);
        await().atMost(DEADLINE).until(() -> loop.queued() == 0);
        assertThat(store.logs(deployment.id(), new LogPage(agentId, 0, 0, 1000))).extracting(LogLine::text)
                .containsExactlyElementsOf(sent);
    }

    @Test
    void progressAloneIsStoredALittleLaterInFewerTransactionsAndAResultAtOnce() {
        Deployment deployment = loop.create(request(), "alice", null);
        HostDeployment work = awaitWork();
        long writesBefore = registry.timer("hoist.deployments.writes.latency").getCount();
        loop.commandAcknowledged(agentId, work.commandId(), true, "");
        int reports = 1;
        for (String event : work.events()) {
            loop.eventStatus(agentId, new EventReport(work.commandId(), work.deploymentId(), event,
                    HostStatus.SUCCEEDED, null, null, 0, clock.instant(), clock.instant()));
            reports++;
        }

        // Nothing else arrives: the progress is still stored, by the delayed commit.
        await().atMost(DEADLINE).until(() -> store.events(deployment.id(), agentId).size() == work.events().size()
                && store.events(deployment.id(), agentId).stream().allMatch(e -> e.status() == HostStatus.SUCCEEDED));
        long progressWrites = registry.timer("hoist.deployments.writes.latency").getCount() - writesBefore;
        assertThat(progressWrites).as("%d progress reports", reports).isBetween(1L, (long) reports - 1);

        AtomicInteger acknowledged = new AtomicInteger();
        loop.hostResult(agentId, new HostOutcome(work.commandId(), work.deploymentId(), HostStatus.SUCCEEDED, null,
                "done"), acknowledged::incrementAndGet);
        await().atMost(DEADLINE).until(() -> acknowledged.get() == 1);
        assertThat(store.find(deployment.id()).orElseThrow().status()).as("stored before the acknowledgement")
                .isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    /** Sessions waiting for a lock on a table of this test's schema. */
    private int waitingForLocks() {
        return Jdbi.create(SERVER, "postgres", "").withHandle(h -> h.createQuery("SELECT count(*) FROM pg_locks l "
                        + "JOIN pg_class c ON l.relation = c.oid JOIN pg_namespace n ON c.relnamespace = n.oid "
                        + "WHERE NOT l.granted AND n.nspname = :schema")
                .bind("schema", schema).mapTo(Integer.class).one());
    }

    private static DeploymentRequest request() {
        return new DeploymentRequest("shop", "web", "latest", null, false, null, null, null);
    }

    private HostDeployment awaitWork() {
        await().atMost(DEADLINE).until(() -> !commands.sentTo(agentId).isEmpty());
        List<HostDeployment> sent = commands.sentTo(agentId);
        return sent.get(sent.size() - 1);
    }

    /** An agent's whole run: the command accepted, every event started and succeeded with a line, the result. */
    private void reportEverything(HostDeployment work, AtomicInteger acknowledged) {
        loop.commandAcknowledged(agentId, work.commandId(), true, "");
        long line = 1;
        for (String event : work.events()) {
            Instant now = clock.instant();
            loop.eventStatus(agentId, new EventReport(work.commandId(), work.deploymentId(), event,
                    HostStatus.IN_PROGRESS, null, null, null, now, null));
            loop.logLines(agentId, new LogBatch(work.commandId(), work.deploymentId(), event, line++,
                    List.of(new LogEntry(now, "stdout", "scripts/run.sh", "ran " + event))));
            loop.eventStatus(agentId, new EventReport(work.commandId(), work.deploymentId(), event,
                    HostStatus.SUCCEEDED, null, null, 0, now, now));
        }
        loop.hostResult(agentId, new HostOutcome(work.commandId(), work.deploymentId(), HostStatus.SUCCEEDED, null,
                "done"), acknowledged::incrementAndGet);
    }

    private static List<String> expectedLines(HostDeployment work) {
        return work.events().stream().map(event -> "ran " + event).toList();
    }
}
