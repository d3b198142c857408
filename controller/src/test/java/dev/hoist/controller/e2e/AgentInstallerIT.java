package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's installer, end to end with the real parts: a controller from its jar serving
 * {@code /install/agent.sh} and the jlink'd agent distribution that {@code mvn package} built, the exact
 * line {@code hoist token create} prints run through {@code sh} into a throwaway root ({@code --root}),
 * then the installed agent, on the Java runtime it brought, enrolled and connected. Also: a tampered
 * download refused before anything is installed, a second run that changes nothing, the unit file
 * checked by {@code systemd-analyze verify}, another architecture told what to do, and uninstall with
 * and without {@code --purge}. systemd itself does not run here (a container), so starting the unit is
 * not covered; the agent is started with the unit's own command line instead.
 */
class AgentInstallerIT {
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private HoistProcesses processes;
    private Path cliJar;
    private int apiPort;
    private Map<String, String> cliEnv;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process installedAgent;

    @BeforeEach
    void startController() throws Exception {
        processes = new HoistProcesses(work);
        Path controllerJar = processes.jar("controller", "hoist-controller.jar");
        cliJar = processes.jar("cli", "hoist.jar");
        apiPort = HoistProcesses.freePort();
        int adminPort = HoistProcesses.freePort();
        int gatewayPort = HoistProcesses.freePort();
        Path data = work.resolve("data");
        // No install: section: the controller finds agent/target/hoist-agent-linux-x86_64.tar.gz beside
        // its jar's module, as in a source checkout after mvn package.
        processes.startController("controller", controllerJar, data, work.resolve("controller.yml"), apiPort,
                adminPort, gatewayPort, "advertisedAddress: 127.0.0.1:" + gatewayPort + "\n", Duration.ofSeconds(180));
        cliEnv = Map.of("HOIST_URL", "http://127.0.0.1:" + apiPort, "HOIST_TOKEN",
                Files.readString(data.resolve("admin.token")).trim());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (installedAgent != null && installedAgent.isAlive()) {
            installedAgent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void theOneLinerInstallsAnAgentThatConnectsAndUninstallsCleanly() throws Exception {
        Path distribution = HoistProcesses.projectRoot().resolve("agent/target/hoist-agent-linux-x86_64.tar.gz");
        assertThat(distribution).as("mvn package builds the agent distribution").isRegularFile();
        String sha256 = Files.readString(distribution.resolveSibling("hoist-agent-linux-x86_64.tar.gz.sha256"))
                .split(" ")[0];
        Path script = work.resolve("agent.sh");
        Files.writeString(script, get("/install/agent.sh"));
        assertThat(Files.readString(script)).contains("DIST_SHA256='" + sha256 + "'")
                .contains("DEFAULT_CONTROLLER='127.0.0.1:");

        // A mirror that serves a changed tarball: refused before anything is written.
        Path tampered = work.resolve("tampered.tar.gz");
        byte[] bytes = Files.readAllBytes(distribution);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(tampered, bytes);
        Path refusedRoot = Files.createDirectories(work.resolve("refused-root"));
        Result refused = shell("sh " + script + " --root " + refusedRoot + " --dist-url file://" + tampered
                + " --token nothing --ca-pin sha256:00");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("SHA-256").contains("nothing was installed");
        try (Stream<Path> left = Files.list(refusedRoot)) {
            assertThat(left).as("nothing installed after a bad download").isEmpty();
        }

        // Another architecture is told what to do instead.
        Path fakeBin = Files.createDirectories(work.resolve("fake-bin"));
        Files.writeString(fakeBin.resolve("uname"), "#!/bin/sh\necho riscv64\n");
        fakeBin.resolve("uname").toFile().setExecutable(true);
        Result otherArch = shell("PATH=" + fakeBin + ":$PATH sh " + script + " --root " + refusedRoot);
        assertThat(otherArch.exitCode()).as(otherArch.output()).isEqualTo(5);
        assertThat(otherArch.output()).contains("riscv64").contains("x86_64 only").contains("java -jar hoist-agent.jar");

        // The line `hoist token create` prints, as an operator pastes it (as root here, so without sudo).
        // The host adds a zone tag of its own: the token must allow that key (docs/security.md).
        String line = installLine(cli("token", "create", "--tag", "env=install", "--allow-tag-key", "zone", "--ttl",
                "10m"));
        assertThat(line).startsWith("curl -fsSL http://127.0.0.1:" + apiPort + "/install/agent.sh | sudo sh -s -- "
                + "--token hoist_join_").contains(" --ca-pin sha256:");
        Path root = Files.createDirectories(work.resolve("root"));
        Result installed = shell(line.replace("| sudo sh", "| sh") + " --tag zone=a --root " + root);
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(installed.output()).contains("Enrolled as agent agt-").contains("systemd left alone (--root)");

        Path prefix = root.resolve("opt/hoist-agent");
        assertThat(Files.readSymbolicLink(prefix.resolve("current")))
                .isEqualTo(Path.of("releases", sha256.substring(0, 16)));
        Path agent = prefix.resolve("current/bin/hoist-agent");
        assertThat(Files.isExecutable(agent)).isTrue();
        assertThat(prefix.resolve("current/runtime/bin/java")).isRegularFile();
        assertThat(Files.readSymbolicLink(root.resolve("usr/local/bin/hoist-agent")))
                .isEqualTo(Path.of("/opt/hoist-agent/current/bin/hoist-agent"));
        Path state = root.resolve("var/lib/hoist-agent");
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(state.resolve("agent.json")).isRegularFile();
        try (Stream<Path> keys = Files.list(state)) {
            assertThat(keys.filter(p -> p.toString().endsWith(".key")).map(AgentInstallerIT::mode))
                    .containsExactly("rw-------");
        }
        Path unit = root.resolve("etc/systemd/system/hoist-agent.service");
        String unitText = Files.readString(unit);
        assertThat(unitText).contains("ExecStart=/opt/hoist-agent/current/bin/hoist-agent run --state-dir /var/lib/hoist-agent")
                .contains("Restart=always").contains("KillMode=process").contains("TimeoutStopSec=60")
                .contains("WantedBy=multi-user.target");
        assertThat(mode(unit)).isEqualTo("rw-r--r--");
        assertThat(UnitFiles.verify(root, "/etc/systemd/system/hoist-agent.service")).isEmpty();

        // The installed agent, on the runtime it brought, started the way the unit starts it.
        Result version = shell(agent + " --version");
        assertThat(version.output()).contains("hoist-agent ");
        Process running = startInstalledAgent(agent, state);
        await("the installed agent Connected").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> connectedZones().contains("a"));
        JsonNode listed = firstAgent();
        assertThat(listed.path("tags").path("env").asText()).isEqualTo("install");
        assertThat(listed.path("agentVersion").asText()).isEqualTo(version.output().trim().replace("hoist-agent ", ""));

        // Run again, as an upgrade or a repair would: nothing changes, and no token is needed.
        Map<String, String> before = listing(root.resolve("opt"), root.resolve("etc"), root.resolve("usr"));
        Result again = shell("sh " + script + " --root " + root);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("already installed").contains("already enrolled as agent agt-");
        assertThat(listing(root.resolve("opt"), root.resolve("etc"), root.resolve("usr"))).isEqualTo(before);

        running.destroy();
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();

        Result uninstalled = shell("sh " + script + " --uninstall --root " + root);
        assertThat(uninstalled.exitCode()).as(uninstalled.output()).isZero();
        assertThat(uninstalled.output()).contains("kept its state").contains("hoist agent revoke agt-");
        assertThat(prefix).doesNotExist();
        assertThat(unit).doesNotExist();
        assertThat(root.resolve("usr/local/bin/hoist-agent")).doesNotExist();
        assertThat(state.resolve("agent.json")).isRegularFile();

        Result purged = shell("sh " + script + " --uninstall --purge --root " + root);
        assertThat(purged.exitCode()).as(purged.output()).isZero();
        assertThat(state).doesNotExist();
    }

    /**
     * The real paths, without {@code --root}, on a host without systemd (this container): in a mount
     * namespace of its own whose {@code /opt}, {@code /var/lib}, {@code /etc/systemd/system} and
     * {@code /usr/local/bin} are empty tmpfs mounts, so this machine's own directories are untouched.
     */
    @Test
    void withoutSystemdTheInstallerInstallsEnrollsAndSaysHowToRunTheAgent() throws Exception {
        assumeTrue(Files.notExists(Path.of("/run/systemd/system")), "systemd runs on this machine");
        List<String> mounts = List.of("/opt", "/var/lib", "/etc/systemd/system", "/usr/local/bin");
        assumeTrue(mounts.stream().allMatch(dir -> Files.isDirectory(Path.of(dir))), "a directory to mount over is missing");
        String line = installLine(cli("token", "create", "--tag", "env=nosystemd", "--ttl", "10m"));
        String inside = "set -e; for dir in " + String.join(" ", mounts) + "; do mount -t tmpfs hoist-test $dir; done; "
                + line.replace("| sudo sh", "| sh") + "; "
                + "stat -c '%a %n' /var/lib/hoist-agent; readlink /usr/local/bin/hoist-agent; "
                + "grep -c KillMode=process /etc/systemd/system/hoist-agent.service; /usr/local/bin/hoist-agent --version";
        Result result = run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", inside));
        assumeTrue(!result.output().contains("unshare failed"), "no mount namespaces here: " + result.output());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Enrolled as agent agt-")
                .contains("systemd is not running here")
                .contains("/opt/hoist-agent/current/bin/hoist-agent run --state-dir /var/lib/hoist-agent")
                .contains("700 /var/lib/hoist-agent")
                .contains("/opt/hoist-agent/current/bin/hoist-agent\n1\n")
                .contains("hoist-agent 0.");
    }

    @Test
    void theDistributionIsServedWithItsDigestAndOtherNamesAreRefused() throws Exception {
        HttpResponse<byte[]> tarball = http.send(request("/install/hoist-agent-linux-x86_64.tar.gz"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tarball.statusCode()).isEqualTo(200);
        Path distribution = HoistProcesses.projectRoot().resolve("agent/target/hoist-agent-linux-x86_64.tar.gz");
        assertThat(tarball.body()).isEqualTo(Files.readAllBytes(distribution));
        assertThat(tarball.headers().firstValue("X-Checksum-Sha256")).hasValueSatisfying(sha ->
                assertThat(get("/install/agent.sh")).contains("DIST_SHA256='" + sha + "'"));

        HttpResponse<String> other = http.send(request("/install/hoist-agent-linux-sparc.tar.gz"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(other.body()).path("code").asText()).isEqualTo("INSTALL_FILE_NOT_FOUND");
    }

    @Test
    void theDebianPackagesInstallIntoARootAndTheirAgentEnrolls() throws Exception {
        Path debs = work.resolve("debs");
        Result made = shell(HoistProcesses.projectRoot().resolve("scripts/make-debs") + " " + debs);
        assertThat(made.exitCode()).as(made.output()).isZero();
        Path agentDeb;
        Path controllerDeb;
        try (Stream<Path> files = Files.list(debs)) {
            List<Path> built = files.sorted().toList();
            assertThat(built).hasSize(2);
            agentDeb = built.get(0);
            controllerDeb = built.get(1);
        }
        assertThat(agentDeb.getFileName().toString()).matches("hoist-agent_.+_amd64\\.deb");
        assertThat(controllerDeb.getFileName().toString()).matches("hoist-controller_.+_all\\.deb");

        Result agentContents = shell("dpkg-deb --contents " + agentDeb);
        assertThat(agentContents.output()).contains("./lib/systemd/system/hoist-agent.service")
                .contains("./opt/hoist-agent/current -> releases/deb-")
                .contains("./usr/bin/hoist-agent -> /opt/hoist-agent/current/bin/hoist-agent")
                .containsPattern("-rwxr-xr-x root/root .* ./opt/hoist-agent/releases/deb-[^/]+/bin/hoist-agent");
        assertThat(shell("dpkg-deb --info " + agentDeb).output()).contains("Package: hoist-agent")
                .contains("postinst").contains("postrm");
        Result controllerContents = shell("dpkg-deb --contents " + controllerDeb);
        assertThat(controllerContents.output()).contains("./etc/hoist/hoist.yml")
                .contains("./opt/hoist-controller/lib/hoist-agent-linux-x86_64.tar.gz")
                .contains("./lib/systemd/system/hoist-controller.service")
                .contains("./usr/share/bash-completion/completions/hoist")
                .contains("./usr/share/zsh/vendor-completions/_hoist")
                .contains("./usr/share/fish/vendor_completions.d/hoist.fish");
        assertThat(shell("dpkg-deb --field " + controllerDeb + " Depends").output()).contains("openjdk-17-jre-headless");
        assertThat(shell("dpkg-deb --ctrl-tarfile " + controllerDeb + " | tar -xO ./conffiles").output().trim())
                .isEqualTo("/etc/hoist/hoist.yml");

        // dpkg --root, with the maintainer scripts run outside a chroot (they honour DPKG_ROOT).
        Path root = Files.createDirectories(work.resolve("deb-root"));
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Files.createDirectories(root.resolve("etc"));
        for (String file : List.of("passwd", "group", "shadow", "gshadow")) {
            Files.copy(Path.of("/etc", file), root.resolve("etc").resolve(file));
        }
        String dpkg = "dpkg --root=" + root + " --force-script-chrootless --force-depends --log=/dev/null ";
        Result installed = shell(dpkg + "-i " + agentDeb + " " + controllerDeb);
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(installed.output()).contains("hoist-agent enroll");
        Path state = root.resolve("var/lib/hoist-agent");
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("var/lib/hoist"))).isEqualTo("rwx------");
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anyMatch(line -> line.startsWith("hoist:"));
        assertThat(UnitFiles.verify(root, "/lib/systemd/system/hoist-agent.service")).isEmpty();

        // `dpkg -i` then `hoist-agent enroll`, with the packaged agent on its packaged runtime.
        JsonNode token = JSON.readTree(cli("token", "create", "--tag", "env=deb", "--output", "json").stdout());
        Path agent = root.resolve("opt/hoist-agent/current/bin/hoist-agent");
        Result enrolled = shell("echo " + token.get("token").asText() + " | " + agent + " enroll --controller "
                + "127.0.0.1:" + gatewayPortOf(token) + " --token - --ca-pin " + token.get("caPin").asText()
                + " --state-dir " + state);
        assertThat(enrolled.exitCode()).as(enrolled.output()).isZero();
        assertThat(enrolled.output()).contains("Enrolled as agent agt-");

        Result purged = shell(dpkg + "--purge hoist-agent hoist-controller");
        assertThat(purged.exitCode()).as(purged.output()).isZero();
        assertThat(state).doesNotExist();
        assertThat(root.resolve("var/lib/hoist")).doesNotExist();
        assertThat(root.resolve("opt/hoist-agent/current")).doesNotExist();
    }

    /** The gateway port from the enroll command that comes with a token. */
    private static String gatewayPortOf(JsonNode token) {
        String command = token.get("enrollCommand").asText();
        String address = command.split("--controller ")[1].split(" ")[0];
        return address.substring(address.lastIndexOf(':') + 1);
    }

    /** The agent from the installed tree; {@link #stopEverything} stops it if the test does not. */
    private Process startInstalledAgent(Path agent, Path state) throws IOException {
        installedAgent = new ProcessBuilder(agent.toString(), "run", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("installed-agent.log").toFile()).start();
        return installedAgent;
    }

    private String installLine(HoistProcesses.Result created) {
        assertThat(created.exitCode()).as(created.all()).isZero();
        return created.stdout().lines().map(String::trim).filter(l -> l.startsWith("curl ")).findFirst()
                .orElseThrow(() -> new AssertionError("no install line in:\n" + created.stdout()));
    }

    private HoistProcesses.Result cli(String... args) {
        return processes.run(COMMAND, cliEnv, cliJar, args);
    }

    private List<String> connectedZones() throws IOException {
        List<String> zones = new ArrayList<>();
        for (JsonNode agent : JSON.readTree(cli("agent", "list", "--output", "json").stdout())) {
            if ("Connected".equals(agent.path("state").asText())) {
                zones.add(agent.path("tags").path("zone").asText());
            }
        }
        return zones;
    }

    private JsonNode firstAgent() throws IOException {
        return JSON.readTree(cli("agent", "list", "--output", "json").stdout()).get(0);
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build();
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under {@code dirs} with its type, mode, size, time stamp and link target. */
    private static Map<String, String> listing(Path... dirs) throws IOException {
        Map<String, String> listing = new TreeMap<>();
        for (Path dir : dirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    String what = Files.isSymbolicLink(path) ? "-> " + Files.readSymbolicLink(path)
                            : mode(path) + " " + Files.size(path) + " "
                                    + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis();
                    listing.put(path.toString(), what);
                }
            }
        }
        return listing;
    }

    private Result shell(String command) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", command));
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "sh", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + COMMAND + ":\n" + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
