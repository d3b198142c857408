package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many of the controller's threads writing at once to the default SQLite store, through the pool the
 * controller builds: every write succeeds (writers queue for the lock rather than failing with
 * SQLITE_BUSY), including transactions that read before they write, which would deadlock on a lock
 * upgrade if they began deferred.
 */
class SqliteConcurrentWritesTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final int THREADS = 12;
    private static final int ROUNDS = 25;

    @TempDir
    Path dataDir;

    private final Environment environment = new Environment("store-test");

    @AfterEach
    void closePool() throws Exception {
        for (LifeCycle managed : environment.lifecycle().getManagedObjects()) {
            managed.stop();
        }
    }

    @Test
    void everyWriteFromManyThreadsAtOnceSucceeds() throws Exception {
        Jdbi jdbi = new DatabaseFactory().build(environment, dataDir, Clock.fixed(T0, ZoneOffset.UTC));
        JdbiAgentStore agents = new JdbiAgentStore(jdbi);
        JdbiAuditLog audit = new JdbiAuditLog(jdbi);
        JdbiDeploymentStore deployments = new JdbiDeploymentStore(jdbi, 100);

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(threads.submit(() -> {
                    go.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        String id = "agt-" + thread + "-" + round;
                        agents.insert(new Agent(id, id, Map.of(), "1", "Linux", T0, T0, AgentState.CONNECTED, T0,
                                null));
                        // Reads, then writes, in one transaction.
                        assertThat(agents.setTags(id, Map.of("round", Integer.toString(round)))).isTrue();
                        audit.record(new AuditEvent(0, T0, "thread-" + thread, "write", id, null, "ok"));
                        deployments.write(deployment("d-" + thread + "-" + round, id));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        int writes = THREADS * ROUNDS;
        assertThat(count(jdbi, "agents")).isEqualTo(writes);
        assertThat(count(jdbi, "agent_tags")).isEqualTo(writes);
        assertThat(count(jdbi, "audit_events")).isEqualTo(writes);
        assertThat(count(jdbi, "deployments")).isEqualTo(writes);
        assertThat(count(jdbi, "deployment_hosts")).isEqualTo(writes);
        assertThat(count(jdbi, "deployment_logs")).isEqualTo(writes);
    }

    private static DeploymentChanges deployment(String id, String agentId) {
        return new DeploymentChanges()
                .deployment(new Deployment(id, "shop", "web", "dg-web", "rev-1", "AllAtOnce",
                        new MinimumHealthyHosts.HostCount(0), DeploymentStatus.IN_PROGRESS, "ci", null, null, null,
                        null, false, FileExistsBehavior.DISALLOW, null, null, T0, T0, null))
                .host(HostRun.pending(id, agentId, agentId, HostStanding.OLD_REVISION))
                .logLine(new LogLine(id, agentId, 1, 1, T0, "Install", "stdout", null, "installed"));
    }

    private static int count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }
}
