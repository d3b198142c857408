package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentQuery;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deployment store's behaviour, run unchanged on SQLite and on PostgreSQL. */
abstract class DeploymentStoreContractTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final int MAX_LINES = 5;

    private JdbiDeploymentStore store;
    private Jdbi jdbi;

    /** An empty database (or schema) of its own. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSource database = freshDatabase();
        new SchemaMigrations(database).migrate();
        jdbi = DatabaseKind.of(database).jdbi(database);
        store = new JdbiDeploymentStore(jdbi, MAX_LINES);
    }

    private static Deployment deployment(String id, String group, DeploymentStatus status, Instant createdAt) {
        return new Deployment(id, "shop", group, "dg-" + group, "rev-1", "HalfAtATime",
                new MinimumHealthyHosts.FleetPercent(50), status, "ci", "first", null, null, null, true,
                FileExistsBehavior.OVERWRITE, Boolean.FALSE, null, createdAt, null, null);
    }

    @Test
    void keepsABlueGreenDeploymentsWaitForContinue() {
        Deployment started = deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0);
        store.write(new DeploymentChanges().deployment(started));
        Deployment ready = started.awaitingContinue(T0.plus(Duration.ofHours(1)));
        store.write(new DeploymentChanges().deployment(ready));

        assertThat(store.find("d-1")).contains(ready);
        assertThat(store.unfinished()).containsExactly(ready);
        assertThat(store.list(new DeploymentQuery(null, null, DeploymentStatus.READY, 10))).containsExactly(ready);

        Deployment continued = ready.continued(T0.plusSeconds(90));
        store.write(new DeploymentChanges().deployment(continued));
        assertThat(store.find("d-1")).contains(continued);
        assertThat(continued.continueBy()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(continued.continuedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void keepsABlueGreenGroupsExpiryForContinue() {
        new JdbiApplicationStore(jdbi).insert(new Application("shop", T0, "admin"));
        new JdbiDeploymentGroupStore(jdbi).insert(new DeploymentGroup("dg-web", "shop", "web",
                TagSet.anyOf(List.of(TagFilter.parse("role=web"))), null, "OneAtATime", AutoRollback.DISABLED, null,
                List.of(), Duration.ofMinutes(10), T0));
        JdbiLoadBalancerStore balancers = new JdbiLoadBalancerStore(jdbi, Clock.fixed(T0, ZoneOffset.UTC));
        LoadBalancer waiting = new LoadBalancer(null, "role=lb", List.of("web"), null, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(300),
                new LoadBalancer.BlueGreen("pool=blue", "pool=green", "green", Duration.ofHours(2)));

        balancers.put("dg-web", waiting);
        assertThat(balancers.find("dg-web")).contains(waiting);
        LoadBalancer atOnce = waiting.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue", "pool=green", "green"));
        balancers.put("dg-web", atOnce);
        assertThat(balancers.find("dg-web").orElseThrow().blueGreen().continueExpiry()).isNull();
    }

    @Test
    void keepsEveryFieldOfADeploymentAndItsHosts() {
        Deployment d = deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0);
        HostRun a = HostRun.pending("d-1", "agt-a", "a.example", HostStanding.OLD_REVISION)
                .dispatched("cmd-1", T0.plusSeconds(1), T0.plusSeconds(60));
        HostRun b = HostRun.pending("d-1", "agt-b", "b.example", HostStanding.UNHEALTHY);
        store.write(new DeploymentChanges().deployment(d).host(a).host(b));

        assertThat(store.find("d-1")).contains(d);
        assertThat(store.hosts("d-1")).containsExactly(a, b);

        Deployment ending = d.ending(new Deployment.Ending(DeploymentStatus.FAILED,
                AutoRollback.Trigger.DEPLOYMENT_STOP_ON_ALARM), "health gate failed on a.example");
        Deployment failed = ending.ended(DeploymentStatus.FAILED, "health gate failed on a.example", T0.plusSeconds(9))
                .withRollback("d-2", "rolled back by d-2");
        HostRun aFailed = a.withAcknowledged().atEvent("ValidateService")
                .finished(HostStatus.FAILED, "HEALTH_CHECK_FAILED", "HTTP 500", T0.plusSeconds(9));
        store.write(new DeploymentChanges().deployment(ending).deployment(failed).host(aFailed));

        assertThat(store.find("d-1")).contains(failed);
        assertThat(store.hosts("d-1")).containsExactly(aFailed, b);
        assertThat(store.hostCounts(List.of("d-1", "d-none")))
                .containsOnlyKeys("d-1")
                .containsEntry("d-1", Map.of(HostStatus.FAILED, 1, HostStatus.PENDING, 1));
    }

    @Test
    void listsNewestFirstWithFiltersAndResumesOnlyUnfinished() {
        store.write(new DeploymentChanges()
                .deployment(deployment("d-1", "web", DeploymentStatus.SUCCEEDED, T0))
                .deployment(deployment("d-2", "web", DeploymentStatus.IN_PROGRESS, T0.plusSeconds(1)))
                .deployment(deployment("d-3", "api", DeploymentStatus.QUEUED, T0.plusSeconds(2))));

        assertThat(store.list(new DeploymentQuery(null, null, null, 10))).extracting(Deployment::id)
                .containsExactly("d-3", "d-2", "d-1");
        assertThat(store.list(new DeploymentQuery("shop", "web", null, 10))).extracting(Deployment::id)
                .containsExactly("d-2", "d-1");
        assertThat(store.list(new DeploymentQuery(null, null, DeploymentStatus.SUCCEEDED, 10)))
                .extracting(Deployment::id).containsExactly("d-1");
        assertThat(store.list(new DeploymentQuery("other", null, null, 10))).isEmpty();
        assertThat(store.list(new DeploymentQuery(null, null, null, 1))).extracting(Deployment::id)
                .containsExactly("d-3");
        assertThat(store.unfinished()).extracting(Deployment::id).containsExactly("d-2", "d-3");
        assertThat(store.lastSucceeded("dg-web")).map(Deployment::id).contains("d-1");
        assertThat(store.lastSucceeded("dg-api")).isEmpty();
    }

    @Test
    void newRowsAreInsertedAndABatchWrittenAgainAfterAnUnknownOutcomeChangesNothingTwice() {
        Deployment d = deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0);
        HostRun a = HostRun.pending("d-1", "agt-a", "a.example", HostStanding.OLD_REVISION);
        HostEvent install = HostEvent.pending("d-1", "agt-a", "Install");
        store.write(new DeploymentChanges().deployment(d).newHost(a).newEvent(install).commitSeq(7));

        // The same batch again, as after a commit that reported a failure but may have been stored.
        store.write(new DeploymentChanges().deployment(d).newHost(a).newEvent(install).commitSeq(7).replay());

        assertThat(store.hosts("d-1")).containsExactly(a);
        assertThat(store.events("d-1", "agt-a")).containsExactly(install);
        assertThat(store.changeSeqs(java.util.List.of("d-1"))).containsEntry("d-1", 7L);
        assertThat(store.lastChangeSeq()).isEqualTo(7);
    }

    @Test
    void eventsAreReplacedByKeyAndReadInLifecycleOrder() {
        store.write(new DeploymentChanges().deployment(deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0)));
        HostEvent install = HostEvent.pending("d-1", "agt-a", "Install");
        HostEvent stop = new HostEvent("d-1", "agt-a", "ApplicationStop", HostStatus.IN_PROGRESS, null, null, null,
                T0, null);
        store.write(new DeploymentChanges().event(install).event(stop)
                .event(HostEvent.pending("d-1", "agt-b", "ApplicationStop")));
        HostEvent stopFailed = new HostEvent("d-1", "agt-a", "ApplicationStop", HostStatus.FAILED, "SCRIPT_FAILED",
                3, "exit 3", T0, T0.plusSeconds(2));
        store.write(new DeploymentChanges().event(stopFailed));

        assertThat(store.events("d-1", "agt-a")).containsExactly(stopFailed, install);
        assertThat(store.events("d-1", null)).hasSize(3);
    }

    @Test
    void keepsTheNewestLogLinesPerHostAndPagesByLineOrSequence() {
        store.write(new DeploymentChanges().deployment(deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0)));
        DeploymentChanges lines = new DeploymentChanges();
        long seq = 0;
        for (int n = 1; n <= 8; n++) {
            lines.logLine(line("agt-a", n, ++seq));
        }
        lines.logLine(line("agt-b", 1, ++seq));
        store.write(lines);

        List<LogLine> a = store.logs("d-1", new LogPage("agt-a", 0, 0, 100));
        assertThat(a).extracting(LogLine::lineNumber).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(a.get(0).text()).isEqualTo("line 4 of agt-a");
        assertThat(a.get(0).stream()).isEqualTo("stdout");
        assertThat(store.logs("d-1", new LogPage("agt-a", 6, 0, 100))).extracting(LogLine::lineNumber)
                .containsExactly(7L, 8L);
        assertThat(store.logs("d-1", new LogPage(null, 0, 8, 100))).extracting(LogLine::agentId)
                .containsExactly("agt-b");
        assertThat(store.logs("d-1", new LogPage(null, 0, 0, 2))).extracting(LogLine::sequence)
                .containsExactly(4L, 5L);
        assertThat(store.lastLogLines("d-1")).isEqualTo(Map.of("agt-a", 8L, "agt-b", 1L));
        assertThat(store.lastLogSequence("d-1")).isEqualTo(9L);
        assertThat(store.lastLogSequence("d-none")).isZero();
    }

    @Test
    void cutsRunawayLines() {
        store.write(new DeploymentChanges().deployment(deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0))
                .logLine(new LogLine("d-1", "agt-a", 1, 1, T0, "Install", "stderr", null,
                        "x".repeat(JdbiDeploymentStore.MAX_LINE_CHARS * 3))));

        String text = store.logs("d-1", new LogPage("agt-a", 0, 0, 10)).get(0).text();
        assertThat(text).hasSize(JdbiDeploymentStore.MAX_LINE_CHARS).endsWith("[line truncated]");
    }

    @Test
    void aFailedBatchWritesNothing() {
        store.write(new DeploymentChanges().deployment(deployment("d-1", "web", DeploymentStatus.IN_PROGRESS, T0))
                .logLine(line("agt-a", 1, 1)));
        DeploymentChanges clash = new DeploymentChanges()
                .deployment(deployment("d-1", "web", DeploymentStatus.FAILED, T0))
                .logLine(line("agt-a", 1, 2));

        assertThatThrownBy(() -> store.write(clash)).isInstanceOf(RuntimeException.class);
        assertThat(store.find("d-1").orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void groupHostRecordsAreReplacedByKey() {
        store.write(new DeploymentChanges()
                .groupHost(new GroupHostRecord("dg-web", "agt-a", "rev-1", HostStatus.SUCCEEDED, T0))
                .groupHost(new GroupHostRecord("dg-web", "agt-b", null, HostStatus.FAILED, T0)));
        GroupHostRecord later = new GroupHostRecord("dg-web", "agt-a", "rev-2", HostStatus.SUCCEEDED, T0.plusSeconds(5));
        store.write(new DeploymentChanges().groupHost(later));

        Map<String, GroupHostRecord> records = store.groupHosts("dg-web");
        assertThat(records.keySet()).isEqualTo(Set.of("agt-a", "agt-b"));
        assertThat(records.get("agt-a")).isEqualTo(later);
        assertThat(records.get("agt-b").revisionId()).isNull();
        assertThat(store.groupHosts("dg-other")).isEmpty();
    }

    @Test
    void aGroupHostRecordKeepsTheDeploymentAndFailureThatMadeIt() {
        GroupHostRecord failed = new GroupHostRecord("dg-web", "agt-a", "rev-1", HostStatus.FAILED, T0, "d-2",
                "SCRIPT_FAILED", "ValidateService exited 1");
        store.write(new DeploymentChanges().groupHost(failed));

        assertThat(store.groupHosts("dg-web").get("agt-a")).isEqualTo(failed);

        GroupHostRecord fixed = new GroupHostRecord("dg-web", "agt-a", "rev-2", HostStatus.SUCCEEDED,
                T0.plusSeconds(5), "d-3", null, null);
        store.write(new DeploymentChanges().groupHost(fixed));
        assertThat(store.groupHosts("dg-web").get("agt-a")).isEqualTo(fixed);
    }

    @Test
    void aDeploymentForSomeHostsKeepsThemAndItsRevisionMayChangeBeforeItStarts() {
        Deployment auto = deployment("d-auto", "web", DeploymentStatus.QUEUED, T0).forHosts(List.of("agt-b", "agt-a"));
        store.write(new DeploymentChanges().deployment(auto));

        assertThat(store.find("d-auto").orElseThrow().targetAgentIds()).containsExactly("agt-b", "agt-a");
        assertThat(store.find("d-auto").orElseThrow().creator()).isEqualTo(auto.creator());

        Deployment moved = auto.withRevision("rev-9", "automatic: 3 hosts").forHosts(List.of("agt-a", "agt-b", "agt-c"));
        store.write(new DeploymentChanges().deployment(moved));
        Deployment read = store.find("d-auto").orElseThrow();
        assertThat(read.revisionId()).isEqualTo("rev-9");
        assertThat(read.description()).isEqualTo("automatic: 3 hosts");
        assertThat(read.targetAgentIds()).containsExactly("agt-a", "agt-b", "agt-c");
    }

    private static LogLine line(String agent, long number, long seq) {
        return new LogLine("d-1", agent, number, seq, T0.plusMillis(number), "Install", "stdout", "scripts/install.sh",
                "line " + number + " of " + agent);
    }
}
