package dev.hoist.controller.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.TagFilter;
import dev.hoist.controller.core.deploy.TagSet;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.store.JdbiAgentStore;
import dev.hoist.controller.store.JdbiApplicationStore;
import dev.hoist.controller.store.JdbiDeploymentGroupStore;
import dev.hoist.controller.store.JdbiLoadBalancerStore;
import dev.hoist.controller.testing.MutableClock;
import dev.hoist.controller.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a blue/green deployment succeeded, the group's serving set is recorded on a real SQLite store
 * without undoing what an admin changed while the deployment ran.
 */
class BalancerStepsServingTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final LoadBalancer.BlueGreen SETS = new LoadBalancer.BlueGreen("pool=blue", "pool=green",
            LoadBalancer.BlueGreen.BLUE, Duration.ofHours(1));
    private static final LoadBalancer AT_START = new LoadBalancer(null, "role=lb", List.of("web"), null,
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300), SETS);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private JdbiLoadBalancerStore balancers;
    private BalancerSteps steps;

    @BeforeEach
    void setUp() {
        MutableClock clock = new MutableClock(T0);
        Jdbi jdbi = TestStores.sqliteInTemporaryDirectory("balancer-steps-");
        new JdbiApplicationStore(jdbi).insert(new Application("shop", T0, "admin"));
        new JdbiDeploymentGroupStore(jdbi).insert(new DeploymentGroup("dg-web", "shop", "web",
                TagSet.anyOf(List.of(TagFilter.parse("role=web"))), null, "OneAtATime", AutoRollback.DISABLED, null,
                List.of(), Duration.ofMinutes(10), T0));
        balancers = new JdbiLoadBalancerStore(jdbi, clock);
        // The router and agent commands are never reached when a serving set is recorded.
        steps = new BalancerSteps(balancers, new JdbiAgentStore(jdbi), new AgentPresence(clock), null, null, executor,
                new MetricRegistry());
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void recordsTheServingSetAndKeepsSettingsChangedWhileTheDeploymentRan() {
        LoadBalancer changed = new LoadBalancer(null, "role=lb", List.of("web"), null, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(300), new LoadBalancer.BlueGreen("pool=blue", "pool=green",
                LoadBalancer.BlueGreen.BLUE));
        balancers.put("dg-web", changed);

        steps.serving("dg-web", AT_START.withBlueGreen(SETS.serving(LoadBalancer.BlueGreen.GREEN)));

        LoadBalancer now = balancers.find("dg-web").orElseThrow();
        assertThat(now.blueGreen().serving()).isEqualTo(LoadBalancer.BlueGreen.GREEN);
        assertThat(now.blueGreen().continueExpiry()).as("the wait removed meanwhile stays removed").isNull();
        assertThat(now.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGroupTakenOffItsBalancerMeanwhileStaysOff() {
        steps.serving("dg-web", AT_START.withBlueGreen(SETS.serving(LoadBalancer.BlueGreen.GREEN)));

        assertThat(balancers.find("dg-web")).isEmpty();
    }
}
