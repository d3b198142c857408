package dev.hoist.agent.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of an agent upgrade on a real install tree, with real tarballs made by {@code tar} and real
 * launchers: a distribution whose launcher prints its version, and broken ones.
 */
class AgentUpgraderTest {
    private static final String SHA_NEW = "ab".repeat(32);

    @TempDir
    Path dir;

    private Path root;
    private Path running;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void installedAgent() throws Exception {
        root = Files.createDirectories(dir.resolve("opt/hoist-agent"));
        running = distribution(root.resolve("releases/0123456789abcdef"), "1.0", "echo \"hoist-agent 1.0\"");
        Files.createSymbolicLink(root.resolve("current"), Path.of("releases/0123456789abcdef"));
    }

    @Test
    void aDistributionThatStartsIsUnpackedBesideTheRunningOneAndCurrentFlipsToIt() throws Exception {
        InstallLayout layout = layout();
        AgentUpgrader upgrader = new AgentUpgrader(layout, Duration.ofSeconds(30));
        Path tarball = tarball("2.0", "echo \"hoist-agent 2.0\"");

        Path release = upgrader.unpack(tarball, SHA_NEW, notes::add);
        assertThat(release).isEqualTo(root.resolve("releases").resolve(SHA_NEW.substring(0, 16)));
        assertThat(Files.readString(release.resolve("VERSION")).trim()).isEqualTo("2.0");
        upgrader.check(release, "2.0", notes::add);
        assertThat(Files.readSymbolicLink(root.resolve("current"))).as("nothing flips before the switch")
                .isEqualTo(Path.of("releases/0123456789abcdef"));

        upgrader.switchTo(release);
        assertThat(Files.readSymbolicLink(root.resolve("current")))
                .isEqualTo(Path.of("releases", SHA_NEW.substring(0, 16)));
        assertThat(running).as("the release it replaced stays").isDirectory();
        try (var left = Files.list(root.resolve("releases"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no partial unpack left behind")
                    .containsExactlyInAnyOrder("0123456789abcdef", SHA_NEW.substring(0, 16));
        }
        assertThat(notes).anyMatch(note -> note.contains("the new agent starts: hoist-agent 2.0"));
    }

    @Test
    void aBuildThatCannotStartIsRefusedWithItsOutputAndCurrentStays() throws Exception {
        AgentUpgrader upgrader = new AgentUpgrader(layout(), Duration.ofSeconds(30));
        Path release = upgrader.unpack(tarball("3.0", "echo 'Error: Invalid or corrupt jarfile' >&2; exit 1"), SHA_NEW,
                notes::add);

        assertThatThrownBy(() -> upgrader.check(release, "3.0", notes::add))
                .isInstanceOf(AgentUpgrader.UpgradeException.class)
                .hasMessageContaining("the new agent 3.0 does not start")
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("Invalid or corrupt jarfile");
        upgrader.discard(release);
        assertThat(release).doesNotExist();
        assertThat(Files.readSymbolicLink(root.resolve("current"))).isEqualTo(Path.of("releases/0123456789abcdef"));
    }

    @Test
    void aDistributionOfAnotherVersionOrThatHangsIsRefused() throws Exception {
        AgentUpgrader upgrader = new AgentUpgrader(layout(), Duration.ofSeconds(2));
        Path other = upgrader.unpack(tarball("4.0", "echo \"hoist-agent 4.0\""), SHA_NEW, notes::add);
        assertThatThrownBy(() -> upgrader.check(other, "5.0", notes::add))
                .hasMessageContaining("the distribution is version 4.0, not 5.0");
        upgrader.discard(other);

        Path hangs = upgrader.unpack(tarball("6.0", "exec sleep 600"), "cd".repeat(32), notes::add);
        assertThatThrownBy(() -> upgrader.check(hangs, "6.0", notes::add))
                .hasMessageContaining("did not finish within 2 s");
    }

    @Test
    void aTarballThatIsNoDistributionIsRefusedAndLeavesNothing() throws Exception {
        AgentUpgrader upgrader = new AgentUpgrader(layout(), Duration.ofSeconds(30));
        Path content = Files.createDirectories(dir.resolve("other/app"));
        Files.writeString(content.resolve("appspec.yml"), "version: 0.0\n");
        Path tarball = dir.resolve("other.tar.gz");
        run("tar", "-czf", tarball.toString(), "-C", dir.resolve("other").toString(), "app");

        assertThatThrownBy(() -> upgrader.unpack(tarball, SHA_NEW, notes::add))
                .hasMessageContaining("not an agent distribution made by agent/src/dist/make-dist");
        try (var left = Files.list(root.resolve("releases"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("0123456789abcdef");
        }
    }

    @Test
    void anAgentThatDoesNotRunFromAnInstalledReleaseCannotUpgradeItself() throws Exception {
        assertThat(InstallLayout.of(Optional.empty()).problem()).contains("does not run from an agent distribution");
        Path loose = distribution(dir.resolve("elsewhere/hoist-agent"), "1.0", "true");
        assertThat(InstallLayout.of(Optional.of(loose)).problem()).contains("not from <root>/releases/<name>");
        InstallLayout.Result installed = InstallLayout.of(Optional.of(running));
        assertThat(installed.problem()).isNull();
        assertThat(installed.layout().root()).isEqualTo(root.toRealPath());
    }

    private InstallLayout layout() {
        InstallLayout.Result result = InstallLayout.of(Optional.of(running));
        assertThat(result.problem()).isNull();
        return result.layout();
    }

    /** A tarball laid out as make-dist makes one, whose launcher runs {@code launcher}. */
    private Path tarball(String version, String launcher) throws Exception {
        Path staging = dir.resolve("staging-" + version);
        distribution(staging.resolve("hoist-agent"), version, launcher);
        Path tarball = dir.resolve("dist-" + version + ".tar.gz");
        run("tar", "-czf", tarball.toString(), "-C", staging.toString(), "hoist-agent");
        return tarball;
    }

    private static Path distribution(Path home, String version, String launcher) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("VERSION"), version + "\n");
        Path bin = home.resolve("bin/hoist-agent");
        Files.writeString(bin, "#!/bin/sh\n" + launcher + "\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
