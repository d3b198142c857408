package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.AuditEvent;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.Role;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.core.deploy.MinimumHealthyHosts;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory of the H2 release moves to SQLite on first start. The H2 file is made the way that
 * release made it: its migrations (the files it shipped) run through plain JDBC, its rows written by the
 * same store code, which ran on H2 then.
 */
class H2ImportTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T08:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private final Agent agent = new Agent("agt-1", "web-1", Map.of("env", "prod", "role", "web"), "0.1.0",
            "Linux 6.1", T0, T0.plusSeconds(5), AgentState.DISCONNECTED, T0.plusSeconds(1),
            new HostFacts("web-1", "Linux", "6.1", "amd64", 2, 4_000, 2_000, 40, 0.5));
    private final Revision first = new Revision("rev-1", "shop", "a".repeat(64), 10, "tgz", "first", null, T0, "ci");
    private final Revision second = new Revision("rev-2", "shop", "b".repeat(64), 20, "zip", null, "abc123", T0, "ci");
    private final DeploymentGroup group = new DeploymentGroup("dg-1", "shop", "web", null, List.of("agt-1"),
            "Two", AutoRollback.ON_FAILURE, FileExistsBehavior.RETAIN, List.of(), Duration.ofMinutes(30), T0);
    private final Deployment deployment = new Deployment("d-1", "shop", "web", "dg-1", "rev-2", "Two",
            new MinimumHealthyHosts.HostCount(2), DeploymentStatus.IN_PROGRESS, "ci", "second", null, null, null,
            true, FileExistsBehavior.OVERWRITE, Boolean.FALSE, null, T0, T0.plusSeconds(1), null);
    private final HostRun hostB = HostRun.pending("d-1", "agt-b", "b.example", HostStanding.UNHEALTHY);
    private final HostRun hostA = HostRun.pending("d-1", "agt-a", "a.example", HostStanding.OLD_REVISION)
            .dispatched("cmd-1", T0.plusSeconds(2), T0.plusSeconds(60));
    private final HostEvent event = new HostEvent("d-1", "agt-a", "ApplicationStop", HostStatus.FAILED,
            "SCRIPT_FAILED", 3, "exit 3", T0, T0.plusSeconds(2));
    private final LogLine line = new LogLine("d-1", "agt-a", 1, 1, T0, "ApplicationStop", "stderr", "stop.sh",
            "no such process");
    private final GroupHostRecord groupHost = new GroupHostRecord("dg-1", "agt-a", "rev-1", HostStatus.SUCCEEDED, T0);
    private final ApiToken token = new ApiToken("tok-1", "ci", Role.DEPLOYER, "c".repeat(64), T0);

    @Test
    void everyRowMovesToSqliteAndTheH2FileIsKeptUnderANewName() throws Exception {
        writeH2Store(LegacySchema.NEWEST);

        assertThat(new H2Import(dataDir, CLOCK).importIfPresent()).isTrue();

        assertThat(dataDir.resolve("hoist.mv.db")).doesNotExist();
        assertThat(dataDir.resolve("hoist.mv.db.imported-20261203T083000Z")).exists();
        assertThat(dataDir.resolve("hoist.db.importing")).doesNotExist();
        Jdbi sqlite = sqlite();
        assertThat(new JdbiAgentStore(sqlite).find("agt-1")).contains(agent);
        assertThat(new JdbiAgentStore(sqlite).revokedIds()).isEmpty();
        assertThat(new JdbiApiTokenStore(sqlite).findByName("ci")).contains(token);
        assertThat(new JdbiAuditLog(sqlite).latest(10)).extracting(AuditEvent::action)
                .containsExactly("deployment.create", "application.create");
        assertThat(new JdbiApplicationStore(sqlite).find("shop")).isPresent();
        assertThat(new JdbiRevisionStore(sqlite).list("shop", 10)).containsExactly(second, first);
        assertThat(new JdbiDeploymentConfigStore(sqlite, CLOCK).find("Two")).isPresent();
        assertThat(new JdbiDeploymentGroupStore(sqlite).findById("dg-1")).contains(group);
        JdbiDeploymentStore deployments = new JdbiDeploymentStore(sqlite, 100);
        assertThat(deployments.find("d-1")).contains(deployment);
        assertThat(deployments.hosts("d-1")).containsExactly(hostB, hostA);
        assertThat(deployments.events("d-1", "agt-a")).containsExactly(event);
        assertThat(deployments.logs("d-1", new LogPage(null, 0, 0, 10))).containsExactly(line);
        assertThat(deployments.groupHosts("dg-1")).containsEntry("agt-a", groupHost);
    }

    @Test
    void generatedKeysContinueAfterTheImportedOnes() throws Exception {
        writeH2Store(LegacySchema.NEWEST);
        new H2Import(dataDir, CLOCK).importIfPresent();
        Jdbi sqlite = sqlite();

        Revision third = new Revision("rev-3", "shop", "d".repeat(64), 30, "tgz", null, null, T0, "ci");
        new JdbiRevisionStore(sqlite).insert(third);
        new JdbiAuditLog(sqlite).record(new AuditEvent(0, T0, "admin", "after.import", null, null, "ok"));

        assertThat(new JdbiRevisionStore(sqlite).latest("shop")).contains(third);
        List<AuditEvent> audit = new JdbiAuditLog(sqlite).latest(10);
        assertThat(audit.get(0).action()).isEqualTo("after.import");
        assertThat(audit.get(0).id()).isGreaterThan(audit.get(1).id());
    }

    @Test
    void anH2StoreOfAnOlderSchemaVersionIsImportedToo() throws Exception {
        writeH2Store(3);

        assertThat(new H2Import(dataDir, CLOCK).importIfPresent()).isTrue();

        Jdbi sqlite = sqlite();
        assertThat(new JdbiAgentStore(sqlite).find("agt-1")).contains(agent);
        assertThat(new JdbiDeploymentStore(sqlite, 100).hosts("d-1")).containsExactly(hostB, hostA);
    }

    @Test
    void aFileThatCannotBeImportedStopsTheStartAndIsLeftAsItWas() throws Exception {
        Path h2 = dataDir.resolve("hoist.mv.db");
        byte[] garbage = "this is not an H2 file".repeat(100).getBytes();
        Files.write(h2, garbage);

        assertThatThrownBy(() -> new H2Import(dataDir, CLOCK).importIfPresent())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(h2.toString())
                .hasMessageContaining("The H2 file is unchanged")
                .hasMessageContaining("move " + h2 + " out of");

        assertThat(Files.readAllBytes(h2)).isEqualTo(garbage);
        assertThat(dataDir.resolve("hoist.db")).doesNotExist();
        assertThat(dataDir.resolve("hoist.db.importing")).doesNotExist();
    }

    @Test
    void aDirectoryThatAlreadyHasTheSqliteStoreIsLeftAlone() throws Exception {
        writeH2Store(LegacySchema.NEWEST);
        new SchemaMigrations(SqliteConnections.dataSource(dataDir.resolve("hoist.db"))).migrate();

        assertThat(new H2Import(dataDir, CLOCK).importIfPresent()).isFalse();

        assertThat(dataDir.resolve("hoist.mv.db")).exists();
        assertThat(new JdbiAgentStore(sqlite()).find("agt-1")).isEmpty();
    }

    @Test
    void aDirectoryWithoutAnH2FileHasNothingToImport() {
        assertThat(new H2Import(dataDir, CLOCK).importIfPresent()).isFalse();
        assertThat(dataDir.resolve("hoist.db")).doesNotExist();
    }

    /** Columns added after the last H2 release: TABLE COLUMN TYPE. */
    private static final List<String> LATER_COLUMNS = List.of("deployments continue_by BIGINT",
            "deployments continued_at BIGINT", "deployments target_agent_ids VARCHAR(8000)",
            "deployment_groups auto_deploy VARCHAR(16) DEFAULT 'NEW_HOSTS' NOT NULL",
            "group_hosts last_deployment_id VARCHAR(64)", "group_hosts failure VARCHAR(32)",
            "group_hosts message VARCHAR(4000)", "revisions signature VARCHAR(128)",
            "revisions signing_key VARCHAR(64)");

    /** What the H2 release left in {@code <dataDir>/hoist.mv.db}, its schema at {@code version}. */
    private void writeH2Store(int version) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("hoist").toAbsolutePath();
        // Kept open while the stores write, closed (and so the file complete) at the end.
        try (Connection keepOpen = new org.h2.Driver().connect(url, new Properties())) {
            try (Statement schema = keepOpen.createStatement()) {
                schema.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
                        + "applied_at BIGINT NOT NULL)");
                for (int v = 1; v <= version; v++) {
                    Path script = Path.of(getClass().getClassLoader().getResource("legacy-schema/V" + v + ".sql").toURI());
                    schema.execute("RUNSCRIPT FROM '" + script + "'");
                    schema.execute("INSERT INTO schema_migrations VALUES (" + v + ", 0)");
                }
            }
            Jdbi h2 = Jdbi.create(url);
            // Today's stores write columns that no H2 release had (V10 on): they exist only while it writes.
            for (String column : LATER_COLUMNS) {
                h2.useHandle(h -> h.execute("ALTER TABLE " + column.split(" ")[0] + " ADD COLUMN "
                        + column.substring(column.indexOf(' ') + 1)));
            }
            new JdbiAgentStore(h2).insert(agent);
            new JdbiApiTokenStore(h2).insert(token);
            new JdbiAuditLog(h2).record(new AuditEvent(0, T0, "admin", "application.create", "shop", null, "ok"));
            new JdbiAuditLog(h2).record(new AuditEvent(0, T0, "ci", "deployment.create", "d-1", null, "ok"));
            new JdbiApplicationStore(h2).insert(new Application("shop", T0, "admin"));
            new JdbiRevisionStore(h2).insert(first);
            new JdbiRevisionStore(h2).insert(second);
            new JdbiDeploymentConfigStore(h2, CLOCK).insert(new DeploymentConfig("Two",
                    new MinimumHealthyHosts.HostCount(2), false));
            new JdbiDeploymentGroupStore(h2).insert(group);
            new JdbiDeploymentStore(h2, 100).write(new DeploymentChanges().deployment(deployment));
            new JdbiDeploymentStore(h2, 100).write(new DeploymentChanges().host(hostB));
            new JdbiDeploymentStore(h2, 100).write(new DeploymentChanges().host(hostA).event(event).logLine(line)
                    .groupHost(groupHost));
            for (String column : LATER_COLUMNS) {
                h2.useHandle(h -> h.execute("ALTER TABLE " + column.split(" ")[0] + " DROP COLUMN "
                        + column.split(" ")[1]));
            }
        }
        assertThat(dataDir.resolve("hoist.mv.db")).exists();
    }

    private Jdbi sqlite() {
        return DatabaseKind.SQLITE.jdbi(SqliteConnections.dataSource(dataDir.resolve("hoist.db")));
    }
}
