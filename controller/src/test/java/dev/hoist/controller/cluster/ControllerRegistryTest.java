package dev.hoist.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.JdbiControllerRows;
import dev.hoist.controller.store.PostgresDatabases;
import dev.hoist.controller.store.SchemaMigrations;
import dev.hoist.controller.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controllers on one PostgreSQL database see each other through their rows, and one that cannot serve
 * beside a live other (its CA, secrets key or artifact directory its own) refuses to start.
 */
class ControllerRegistryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private String schema;
    private JdbiControllerRows rows;
    private final List<ControllerRegistry> started = new ArrayList<>();

    @BeforeEach
    void database() {
        schema = PostgresDatabases.createSchema();
        DataSource dataSource = PostgresDatabases.dataSource(schema);
        new SchemaMigrations(dataSource).migrate();
        rows = new JdbiControllerRows(DatabaseKind.POSTGRESQL.jdbi(dataSource));
    }

    @AfterEach
    void stop() {
        started.forEach(ControllerRegistry::stop);
        PostgresDatabases.dropSchema(schema);
    }

    @Test
    void eachControllerSeesTheOtherLiveOneButNeverItself() throws Exception {
        Clock clock = new MutableClock(T0);
        ControllerRegistry a = start("a", clock, true, true, null);
        ControllerRegistry b = start("b", clock, true, true, null);

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.liveOthers()).extracting(ControllerRows.Controller::id).containsExactly(b.id());
        assertThat(b.liveOthers()).extracting(ControllerRows.Controller::id).containsExactly(a.id());
        assertThat(a.liveOthers().get(0).address()).isEqualTo("gateway-b:8443");
    }

    @Test
    void aControllerSilentPastTheLivenessTimeoutIsTakenForGone() throws Exception {
        MutableClock clockOfA = new MutableClock(T0);
        ControllerRegistry a = start("a", clockOfA, true, true, null);
        start("b", new MutableClock(T0), true, true, null); // its clock stands still: so do its heartbeats

        clockOfA.advance(Duration.ofSeconds(9));
        assertThat(a.liveOthers()).hasSize(1);
        clockOfA.advance(Duration.ofSeconds(2));
        assertThat(a.liveOthers()).isEmpty();
    }

    @Test
    void aRestartedControllerTakesItsOwnRowBackRatherThanMeetingItself() throws Exception {
        Clock clock = new MutableClock(T0);
        ControllerRegistry killed = start("a", clock, false, false, dir.resolve("a").resolve("bundles"));
        killed.stop(); // only its heartbeat: kill -9 leaves the row behind
        rows.register(killed.id(), "gateway-a:8443", T0);

        ControllerRegistry again = start("a", clock, false, false, dir.resolve("a").resolve("bundles"));

        assertThat(again.id()).isEqualTo(killed.id());
        assertThat(again.liveOthers()).isEmpty();
        assertThat(rows.list()).extracting(ControllerRows.Controller::id).containsExactly(again.id());
    }

    @Test
    void besideALiveControllerACaOfItsOwnIsRefusedAndItsRowRemoved() throws Exception {
        Clock clock = new MutableClock(T0);
        ControllerRegistry a = start("a", clock, true, true, null);

        assertThatThrownBy(() -> start("b", clock, false, true, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("controller " + a.id() + " (gateway gateway-a:8443")
                .hasMessageContaining("pki.keyEncryptionKeyFile")
                .hasMessageContaining("Several controllers");
        assertThat(rows.list()).extracting(ControllerRows.Controller::id).containsExactly(a.id());
    }

    @Test
    void besideALiveControllerASecretsKeyOfItsOwnIsRefused() throws Exception {
        Clock clock = new MutableClock(T0);
        start("a", clock, true, true, null);

        assertThatThrownBy(() -> start("b", clock, true, false, null))
                .hasMessageContaining("secrets.keyFile");
    }

    @Test
    void aPrivateArtifactDirectoryIsRefusedAndAMountedOneAccepted() throws Exception {
        Clock clock = new MutableClock(T0);
        Path shared = dir.resolve("shared-bundles");
        ControllerRegistry a = start("a", clock, true, true, shared);

        Path privateDir = dir.resolve("b").resolve("bundles");
        assertThatThrownBy(() -> start("b", clock, true, true, privateDir))
                .hasMessageContaining("controller " + a.id())
                .hasMessageContaining("artifact store is the directory " + privateDir)
                .hasMessageContaining("store: s3");

        Files.createDirectories(dir.resolve("c"));
        Path mounted = dir.resolve("c").resolve("bundles");
        Files.createSymbolicLink(mounted, shared);
        ControllerRegistry c = start("c", clock, true, true, mounted);
        assertThat(c.liveOthers()).extracting(ControllerRows.Controller::id).containsExactly(a.id());
    }

    @Test
    void aControllerStoppedCleanlyLeavesNoRowSoAnotherMayStartAlone() throws Exception {
        Clock clock = new MutableClock(T0);
        ControllerRegistry a = start("a", clock, true, true, null);
        a.stop();

        ControllerRegistry b = start("b", clock, false, false, dir.resolve("b").resolve("bundles"));
        assertThat(b.liveOthers()).isEmpty();
    }

    private ControllerRegistry start(String name, Clock clock, boolean sharedCa, boolean sharedSecrets,
            Path bundleDir) throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve(name));
        ControllerRegistry registry = new ClusterFactory().register(rows, dataDir, () -> "gateway-" + name + ":8443",
                sharedCa, sharedSecrets, bundleDir, clock);
        started.add(registry);
        return registry;
    }
}
