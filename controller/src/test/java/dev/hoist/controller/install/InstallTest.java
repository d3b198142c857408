package dev.hoist.controller.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer script's filling, the install line, and the distribution's digest, on real files. */
class InstallTest {
    @TempDir
    Path dir;

    @Test
    void theScriptCarriesTheGatewayTheUrlTheDigestAndTheUnit() throws IOException {
        Path tarball = Files.writeString(dir.resolve("hoist-agent-linux-x86_64.tar.gz"), "not really a tarball");
        AgentDistribution distribution = new AgentDistribution(List.of(dir.resolve("missing.tar.gz"), tarball));
        AgentDistribution.Snapshot snapshot = distribution.current().orElseThrow();
        assertThat(snapshot.sha256()).isEqualTo(sha256Of(tarball));
        assertThat(snapshot.architecture()).isEqualTo("x86_64");

        String script = new InstallerScript().render("ctl.example:8443", "http://ctl.example:8080/install/",
                Optional.of(snapshot));
        assertThat(script).contains("DEFAULT_CONTROLLER='ctl.example:8443'")
                .contains("DIST_URL='http://ctl.example:8080/install/hoist-agent-linux-x86_64.tar.gz'")
                .contains("DIST_SHA256='" + snapshot.sha256() + "'")
                .contains("DIST_ARCH='x86_64'")
                .contains("KillMode=process").contains("Restart=always")
                .doesNotContain("@@");
    }

    @Test
    void withoutADistributionTheScriptSaysSo() {
        String script = new InstallerScript().render("ctl:8443", "http://ctl:8080/install/", Optional.empty());
        assertThat(script).contains("DIST_SHA256=''").contains("the controller has no agent distribution");
    }

    @Test
    void valuesAShellWouldInterpretAreRefused() {
        assertThatThrownBy(() -> new InstallerScript().render("ctl'; rm -rf /; '", "http://ctl/install/",
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway address");
        assertThatThrownBy(() -> new InstallerScript().render("ctl:8443", "http://$(id)/install/", Optional.of(
                new AgentDistribution.Snapshot(dir, 1, 1, "ab", "x86_64"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedFileIsHashedAgain() throws IOException {
        Path tarball = Files.writeString(dir.resolve("hoist-agent-linux-aarch64.tar.gz"), "one");
        AgentDistribution distribution = new AgentDistribution(List.of(tarball));
        String first = distribution.current().orElseThrow().sha256();
        Files.writeString(tarball, "two, longer");
        Files.setLastModifiedTime(tarball, FileTime.fromMillis(1_000_000));
        AgentDistribution.Snapshot second = distribution.current().orElseThrow();
        assertThat(second.sha256()).isNotEqualTo(first).isEqualTo(sha256Of(tarball));
        assertThat(second.fileName()).isEqualTo("hoist-agent-linux-aarch64.tar.gz");
    }

    @Test
    void theInstallLineUsesTheAdvertisedHostOrThePublicUrl() {
        InstallLine advertised = new InstallLine(null, () -> "ctl.example.com:8443");
        assertThat(advertised.command(URI.create("http://127.0.0.1:8080/"), "hoist_join_x", "sha256:ab"))
                .isEqualTo("curl -fsSL http://ctl.example.com:8080/install/agent.sh | sudo sh -s -- "
                        + "--token hoist_join_x --ca-pin sha256:ab");
        InstallLine configured = new InstallLine(URI.create("https://hoist.example.com/"), () -> "ignored:8443");
        assertThat(configured.baseUrl(URI.create("http://127.0.0.1:8080/"))).isEqualTo("https://hoist.example.com");
        assertThat(InstallLine.hostOf("[::1]:8443")).isEqualTo("[::1]");
        assertThat(InstallLine.hostOf("ctl")).isEqualTo("ctl");
    }

    private static String sha256Of(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
