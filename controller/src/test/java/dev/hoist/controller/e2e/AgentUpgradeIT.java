package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's agent upgrades, end to end with the real parts: a controller from its jar, two agents installed
 * by the install line into throwaway roots from the jlink'd distribution {@code mvn package} built, each run
 * by a supervisor that restarts it whenever it exits (what the unit's {@code Restart=always} does; systemd
 * does not run here). An application deployed by a hook starts a process on each host, and that process
 * must stay alive throughout.
 *
 * <p>The "second build" is the same build with another version: the distribution repacked with another
 * {@code VERSION} file, which is where an installed agent reads its version from (AgentVersion), so the agent
 * that starts from it really reports that version. The "broken build" is repacked the same way with its jar
 * replaced by bytes that are not a jar: its launcher cannot start it.
 */
class AgentUpgradeIT {
    private static final Duration COMMAND = Duration.ofSeconds(180);
    private static final Duration AGENTS = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private HoistProcesses processes;
    private Path cliJar;
    private Map<String, String> cliEnv;
    private final List<Supervisor> supervisors = new ArrayList<>();
    private Path appPids;

    @BeforeEach
    void startController() throws Exception {
        processes = new HoistProcesses(work);
        Path controllerJar = processes.jar("controller", "hoist-controller.jar");
        cliJar = processes.jar("cli", "hoist.jar");
        int apiPort = HoistProcesses.freePort();
        int gatewayPort = HoistProcesses.freePort();
        Path data = work.resolve("data");
        processes.startController("controller", controllerJar, data, work.resolve("controller.yml"), apiPort,
                HoistProcesses.freePort(), gatewayPort, "advertisedAddress: 127.0.0.1:" + gatewayPort + "\n",
                Duration.ofSeconds(180));
        cliEnv = Map.of("HOIST_URL", "http://127.0.0.1:" + apiPort, "HOIST_TOKEN",
                Files.readString(data.resolve("admin.token")).trim());
        appPids = Files.createDirectories(work.resolve("app-pids"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Supervisor supervisor : supervisors) {
            supervisor.stop();
        }
        try (Stream<Path> files = Files.list(appPids)) {
            for (Path file : files.toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(file).trim())).ifPresent(ProcessHandle::destroy);
            }
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void agentsUpgradeToASecondBuildAndABrokenBuildIsRolledBackWhileTheirApplicationsRun() throws Exception {
        Path built = HoistProcesses.projectRoot().resolve("agent/target/hoist-agent-linux-x86_64.tar.gz");
        assertThat(built).as("mvn package builds the agent distribution").isRegularFile();
        String first = versionOf(built);
        String second = first + "-upgrade-test.2";
        String broken = first + "-broken-test.3";
        Path secondBuild = repack(built, "second", second, false);
        Path brokenBuild = repack(built, "broken", broken, true);

        // Two servers, installed by the line `hoist token create` prints, each under its own supervisor.
        String line = installLine(cli("token", "create", "--tag", "env=upgrade", "--allow-tag-key", "zone",
                "--uses", "2", "--ttl", "10m"));
        Path rootA = install(line, "a");
        Path rootB = install(line, "b");
        Supervisor a = supervise(rootA, "a");
        Supervisor b = supervise(rootB, "b");
        awaitAgents(first, 2);

        // An application whose ApplicationStart starts a process that outlives its hook (a daemon).
        Path app = writeApp(work.resolve("app"));
        assertSucceeded(cli("app", "create", "demo"));
        assertSucceeded(cli("push", "--app", "demo", "--source", app.toString()));
        assertSucceeded(cli("group", "create", "--app", "demo", "--name", "all", "--tag", "env=upgrade"));
        assertSucceeded(cli("deploy", "--app", "demo", "--group", "all", "--wait"));
        List<Long> applications = applicationPids();
        assertThat(applications).hasSize(2);
        assertThat(applications).allMatch(AgentUpgradeIT::alive);

        // The second build: registered, then rolled out one host at a time.
        HoistProcesses.Result pushed = cli("agent", "dist", "push", secondBuild.toString());
        assertSucceeded(pushed);
        assertThat(pushed.stdout()).contains("Agent distribution " + second);
        Path releaseBefore = Files.readSymbolicLink(rootA.resolve("opt/hoist-agent/current"));
        long pidBefore = a.agentPid();
        HoistProcesses.Result upgraded = cli("agent", "upgrade", "--tag", "env=upgrade", "--version", second,
                "--config", "OneAtATime", "--wait");
        assertThat(upgraded.exitCode()).as(upgraded.all()).isZero();
        assertThat(upgraded.stdout()).contains("Upgrade to agent " + second).contains("Succeeded");
        awaitAgents(second, 2);
        assertThat(cli("agent", "list").stdout()).contains(second);
        Path releaseAfter = Files.readSymbolicLink(rootA.resolve("opt/hoist-agent/current"));
        assertThat(releaseAfter).isNotEqualTo(releaseBefore);
        assertThat(Files.readString(rootA.resolve("opt/hoist-agent").resolve(releaseAfter).resolve("VERSION")).trim())
                .isEqualTo(second);
        assertThat(rootA.resolve("opt/hoist-agent").resolve(releaseBefore)).as("the previous release is kept")
                .isDirectory();
        assertThat(a.agentPid()).as("the supervisor started the agent again").isNotEqualTo(pidBefore);
        assertThat(a.starts()).isEqualTo(2);
        assertThat(b.starts()).isEqualTo(2);
        assertThat(applications).as("the applications hooks started survive the upgrade").allMatch(AgentUpgradeIT::alive);

        // The broken build: the canary cannot start it, the upgrade fails and is rolled back automatically.
        assertSucceeded(cli("agent", "dist", "push", brokenBuild.toString()));
        HoistProcesses.Result failed = cli("agent", "upgrade", "--tag", "env=upgrade", "--version", broken, "--wait");
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(5);
        assertThat(failed.stdout()).contains("Automatic rollback");
        JsonNode deployment = lastUpgrade(broken);
        assertThat(deployment.path("status").asText()).isEqualTo("Failed");
        String rollbackId = deployment.path("rollbackDeploymentId").asText();
        assertThat(rollbackId).startsWith("d-");
        JsonNode rollback = JSON.readTree(cli("deployment", "get", rollbackId, "--output", "json").stdout());
        assertThat(rollback.path("status").asText()).isEqualTo("Succeeded");
        assertThat(rollback.path("revisionId").asText()).isEqualTo(revisionOf(second));
        JsonNode failedHost = firstFailedHost(deployment);
        assertThat(failedHost.path("failure").asText()).isEqualTo("AGENT_UPGRADE_FAILED");
        assertThat(failedHost.path("message").asText()).contains("does not start");
        awaitAgents(second, 2);
        assertThat(Files.readSymbolicLink(rootA.resolve("opt/hoist-agent/current"))).isEqualTo(releaseAfter);
        assertThat(Files.readSymbolicLink(rootB.resolve("opt/hoist-agent/current")))
                .isEqualTo(Files.readSymbolicLink(rootA.resolve("opt/hoist-agent/current")));
        assertThat(a.starts()).as("a broken build is never started as the agent").isEqualTo(2);
        assertThat(b.starts()).isEqualTo(2);
        assertThat(applications).as("the applications hooks started survive the failed upgrade too")
                .allMatch(AgentUpgradeIT::alive);
    }

    /** The distribution with {@code VERSION} set to {@code version}, and with a jar that is not one if broken. */
    private Path repack(Path built, String name, String version, boolean broken) throws Exception {
        Path dir = Files.createDirectories(work.resolve("repack-" + name));
        assertShell("tar -xzf " + built + " -C " + dir);
        Files.writeString(dir.resolve("hoist-agent/VERSION"), version + "\n");
        if (broken) {
            Files.writeString(dir.resolve("hoist-agent/lib/hoist-agent.jar"), "not a jar\n");
        }
        Path out = Files.createDirectories(work.resolve("dist-" + name)).resolve("hoist-agent-linux-x86_64.tar.gz");
        assertShell("tar --sort=name --owner=0 --group=0 --numeric-owner -C " + dir + " -czf " + out + " hoist-agent");
        return out;
    }

    private String versionOf(Path built) throws Exception {
        return shell("tar -xzOf " + built + " hoist-agent/VERSION").output().trim();
    }

    private Path install(String line, String zone) throws Exception {
        Path root = Files.createDirectories(work.resolve("root-" + zone));
        Result installed = shell(line.replace("| sudo sh", "| sh") + " --tag zone=" + zone + " --root " + root);
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        return root;
    }

    /**
     * The agent as the unit runs it, started again whenever it exits (but for the exit codes a restart cannot
     * fix, as the unit's RestartPreventExitStatus), a second apart (the unit's RestartSec, shorter).
     */
    private Supervisor supervise(Path root, String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve("supervisor-" + name));
        String script = """
                agent="$1/opt/hoist-agent/current/bin/hoist-agent"; state="$1/var/lib/hoist-agent"; dir="$2"
                while [ ! -f "$dir/stop" ]; do
                  "$agent" run --state-dir "$state" >> "$dir/agent.log" 2>&1 &
                  echo $! > "$dir/pid"; echo started >> "$dir/starts"
                  wait $!; code=$?
                  echo "exited $code" >> "$dir/agent.log"
                  case $code in 11|12|13) exit $code ;; esac
                  [ -f "$dir/stop" ] || sleep 1
                done
                """;
        Process process = new ProcessBuilder("sh", "-c", script, "supervisor", root.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("supervisor.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Supervisor supervisor = new Supervisor(process, dir);
        supervisors.add(supervisor);
        return supervisor;
    }

    private record Supervisor(Process process, Path dir) {
        long agentPid() throws IOException {
            return Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        }

        long starts() throws IOException {
            return Files.readAllLines(dir.resolve("starts")).size();
        }

        void stop() throws Exception {
            Files.writeString(dir.resolve("stop"), "");
            if (Files.exists(dir.resolve("pid"))) {
                ProcessHandle.of(agentPid()).ifPresent(ProcessHandle::destroy);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitAgents(String version, int count) {
        await("%d agents Connected with version %s".formatted(count, version)).atMost(AGENTS)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    int matching = 0;
                    for (JsonNode agent : JSON.readTree(cli("agent", "list", "--output", "json").stdout())) {
                        if ("Connected".equals(agent.path("state").asText())
                                && version.equals(agent.path("agentVersion").asText())) {
                            matching++;
                        }
                    }
                    return matching == count;
                });
    }

    private Path writeApp(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("appspec.yml"), """
                version: 0.0
                os: linux
                hooks:
                  ApplicationStart:
                    - location: hooks/start.sh
                      timeout: 60
                """);
        Path start = dir.resolve("hooks/start.sh");
        // A daemon: its own session, no descriptor of the hook's kept, its process id where the test reads it.
        Files.writeString(start, """
                #!/bin/sh
                setsid sh -c 'echo $$ > "%1$s/app.$$.pid"; exec sleep 3600' < /dev/null > /dev/null 2>&1 &
                for i in $(seq 1 100); do ls "%1$s" | grep -q . && exit 0; sleep 0.1; done
                """.formatted(appPids));
        Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private List<Long> applicationPids() throws IOException {
        await("both hosts' applications wrote their pids").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    try (Stream<Path> files = Files.list(appPids)) {
                        return files.filter(f -> f.toString().endsWith(".pid")).count() == 2;
                    }
                });
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(appPids)) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private JsonNode lastUpgrade(String version) throws IOException {
        String revision = revisionOf(version);
        for (JsonNode deployment : JSON.readTree(cli("deployment", "list", "--output", "json").stdout())) {
            if (revision.equals(deployment.path("revisionId").asText())) {
                return JSON.readTree(cli("deployment", "get", deployment.path("id").asText(), "--output", "json")
                        .stdout());
            }
        }
        throw new AssertionError("no deployment of agent " + version);
    }

    private String revisionOf(String version) throws IOException {
        for (JsonNode distribution : JSON.readTree(cli("agent", "dist", "list", "--output", "json").stdout())) {
            if (version.equals(distribution.path("version").asText())) {
                return distribution.path("revisionId").asText();
            }
        }
        throw new AssertionError("no distribution " + version);
    }

    private static JsonNode firstFailedHost(JsonNode deployment) {
        for (JsonNode host : deployment.path("hosts")) {
            if ("Failed".equals(host.path("status").asText())) {
                return host;
            }
        }
        throw new AssertionError("no failed host in " + deployment.toPrettyString());
    }

    private String installLine(HoistProcesses.Result created) {
        assertThat(created.exitCode()).as(created.all()).isZero();
        return created.stdout().lines().map(String::trim).filter(l -> l.startsWith("curl ")).findFirst()
                .orElseThrow(() -> new AssertionError("no install line in:\n" + created.stdout()));
    }

    private HoistProcesses.Result cli(String... args) {
        return processes.run(COMMAND, cliEnv, cliJar, args);
    }

    private static void assertSucceeded(HoistProcesses.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
    }

    private void assertShell(String command) throws Exception {
        Result result = shell(command);
        assertThat(result.exitCode()).as(command + "\n" + result.output()).isZero();
    }

    private Result shell(String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "sh", ".txt");
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
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
