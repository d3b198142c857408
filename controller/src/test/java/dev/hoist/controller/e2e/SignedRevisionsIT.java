package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that run only signed revisions, through the real controller, agent and CLI processes, with keys
 * made by OpenSSL: an agent enrolled with {@code --trust-key} refuses an unsigned revision, one signed by
 * another key, and a signed one whose bundle bytes were changed on the controller's disk, each with
 * {@code SIGNATURE_INVALID}, no hook run and no file installed; it runs a correctly signed one, whether
 * signed at push or afterwards with {@code hoist revision sign}. An agent that trusts no key runs anything.
 */
class SignedRevisionsIT {

    @TempDir
    Path work;

    private HoistCluster cluster;
    private Path releaseKey;
    private Path otherKey;

    @BeforeEach
    void start() throws Exception {
        releaseKey = openssl("release");
        otherKey = openssl("other");
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1"), List.of("--trust-key", work.resolve("release.pub.pem").toString()),
                "role=web");
        cluster.addAgents(List.of("open-1"), "role=open");
        assertSucceeded(cluster.cli("app", "create", "shop"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "open", "--tag", "role=open"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTrustingAgentRunsOnlyWhatItsKeySignedOverTheBytesItFetched() throws Exception {
        HoistCluster.Agent web = cluster.agent("web-1");
        assertThat(web.state.resolve("trusted-keys")).isDirectory();

        String unsigned = push("v1");
        refused(unsigned, "is not signed");

        String byOther = push("v2", "--sign-key", otherKey.toString());
        assertThat(cluster.cliJson("revision", "list", "--app", "shop").get(0).get("signingKey").asText())
                .startsWith("ed25519:");
        refused(byOther, "is by none of the keys this host trusts");

        String swapped = push("v3", "--sign-key", releaseKey.toString());
        Path blob = bundleOnControllerDisk(swapped);
        byte[] bytes = Files.readAllBytes(blob);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 16; i++) {
            bytes[i] ^= 0x5a; // same size, other bytes: what the controller serves is no longer what was signed
        }
        Files.write(blob, bytes);
        refused(swapped, "is not the one that was signed");

        String signed = push("v4", "--sign-key", releaseKey.toString());
        HoistProcesses.Result ran = deploy("web", signed);
        assertThat(ran.exitCode()).as(ran.all()).isZero();
        assertThat(web.hostDir.resolve("app/version.txt")).hasContent("v4");
        assertThat(Files.readString(web.hostDir.resolve("ran"))).isEqualTo("v4\n");

        HoistProcesses.Result sign = cluster.cli("revision", "sign", unsigned, "--key", releaseKey.toString());
        assertSucceeded(sign);
        assertThat(sign.stdout()).contains("Signed revision " + unsigned + " of shop");
        HoistProcesses.Result later = deploy("web", unsigned);
        assertThat(later.exitCode()).as(later.all()).isZero();
        assertThat(web.hostDir.resolve("app/version.txt")).hasContent("v1");
        assertThat(Files.readString(web.hostDir.resolve("ran"))).isEqualTo("v4\nv1\n");

        HoistCluster.Agent open = cluster.agent("open-1");
        String forOpen = pushTo("open-1", "v2", "--sign-key", otherKey.toString());
        HoistProcesses.Result anything = deploy("open", forOpen);
        assertThat(anything.exitCode()).as("an agent that trusts no key runs any revision: " + anything.all())
                .isZero();
        assertThat(open.hostDir.resolve("app/version.txt")).hasContent("v2");
    }

    @Test
    void aSignatureThatIsNotTheKeysForTheBundleIsRefusedAtTheController() throws Exception {
        String revision = push("v1");
        Path otherBundle = work.resolve("other.tgz");
        Files.write(otherBundle, "not the revision's bundle".getBytes(StandardCharsets.UTF_8));

        HoistProcesses.Result wrongBundle = cluster.cli("revision", "sign", revision, "--key", releaseKey.toString(),
                "--bundle", otherBundle.toString());
        HoistProcesses.Result notAKey = cluster.cli("revision", "sign", revision, "--key",
                work.resolve("release.pub.pem").toString());

        assertThat(wrongBundle.exitCode()).isEqualTo(1);
        assertThat(wrongBundle.stderr()).contains("nothing was signed");
        assertThat(notAKey.exitCode()).isEqualTo(2);
        assertThat(notAKey.stderr()).contains("holds a 'PUBLIC KEY'");
        assertThat(cluster.cliJson("revision", "list", "--app", "shop").get(0).has("signature")).isFalse();
    }

    /** Deploys {@code revision} to the trusting group and checks it failed on the host before anything ran. */
    private void refused(String revision, String reason) throws Exception {
        HoistCluster.Agent web = cluster.agent("web-1");
        HoistProcesses.Result run = deploy("web", revision);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        JsonNode deployment = cluster.deployment(FleetDeploymentIT.deploymentId(run));
        JsonNode host = deployment.get("hosts").get(0);
        assertThat(host.get("failure").asText()).as(host.toString()).isEqualTo("SIGNATURE_INVALID");
        assertThat(host.get("message").asText()).as(host.toString()).contains(reason);
        for (JsonNode event : host.get("events")) {
            if (!event.get("event").asText().equals("DownloadBundle")) {
                assertThat(event.get("status").asText()).as(event.toString()).isEqualTo("Skipped");
            }
        }
        assertThat(web.hostDir.resolve("ran")).as("no hook ran").satisfiesAnyOf(
                ran -> assertThat(ran).doesNotExist(),
                ran -> assertThat(Files.readString(ran)).doesNotContain(version(revision)));
        assertThat(web.hostDir.resolve("app/version.txt")).as("no file installed").satisfiesAnyOf(
                file -> assertThat(file).doesNotExist(),
                file -> assertThat(Files.readString(file)).isNotEqualTo(version(revision)));
    }

    private String version(String revision) {
        return pushed.get(revision);
    }

    private final Map<String, String> pushed = new HashMap<>();

    private HoistProcesses.Result deploy(String group, String revision) {
        return cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", group, "--revision",
                revision, "--wait", "--timeout", "2m");
    }

    /** A bundle that installs {@code app/version.txt} into web-1's host dir; its AfterInstall notes it ran. */
    private String push(String version, String... options) throws IOException {
        return pushTo("web-1", version, options);
    }

    /** As {@link #push(String, String...)}, installing into the host dir of the agent {@code host}. */
    private String pushTo(String host, String version, String... options) throws IOException {
        Path dir = Files.createTempDirectory(work, "bundle");
        Files.createDirectories(dir.resolve("hooks"));
        Files.createDirectories(dir.resolve("content"));
        Files.writeString(dir.resolve("content/version.txt"), version);
        Files.writeString(dir.resolve("appspec.yml"), "version: 0.0\nos: linux\nfiles:\n  - source: /content\n"
                + "    destination: " + work.resolve("hosts").resolve(host).resolve("app") + "\nhooks:\n"
                + "  AfterInstall:\n    - location: hooks/after-install.sh\n      timeout: 60\n");
        Files.writeString(dir.resolve("hooks/after-install.sh"), "#!/bin/bash\necho " + version
                + " >> \"$E2E_HOST_DIR/ran\"\n");
        List<String> args = new ArrayList<>(List.of("push", "--app", "shop", "--source", dir.toString()));
        args.addAll(List.of(options));
        String id = cluster.cliJson(args.toArray(String[]::new)).get("revisionId").asText();
        pushed.put(id, version);
        return id;
    }

    private Path bundleOnControllerDisk(String revision) {
        String sha256 = sha256Of(revision);
        Path blob = cluster.dataDir().resolve("bundles").resolve(sha256.substring(0, 2)).resolve(sha256);
        assertThat(blob).isRegularFile();
        return blob;
    }

    private String sha256Of(String revision) {
        for (JsonNode listed : cluster.cliJson("revision", "list", "--app", "shop")) {
            if (listed.get("revisionId").asText().equals(revision)) {
                return listed.get("sha256").asText();
            }
        }
        throw new AssertionError("no revision " + revision);
    }

    private Path openssl(String name) throws Exception {
        Path key = work.resolve(name + ".pem");
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", work.resolve(name + ".pub.pem").toString());
        return key;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
