package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.testing.DebianPrograms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-place deployments behind a real HAProxy (Debian's package, started here on loopback ports): three
 * hosts run a small HTTP app, a fourth agent drives HAProxy through its runtime API socket. While a
 * bounded load runs through the balancer (fast requests, and slow ones that are in flight whenever a host
 * is drained), a OneAtATime deployment replaces every host and no request fails. Skipped outside CI when
 * haproxy is not installed.
 */
class TrafficDeploymentIT {
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    static final List<String> HOSTS = List.of("web-1", "web-2", "web-3", "web-4");
    static final List<String> LIFECYCLE = List.of("BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic",
            "ApplicationStop", "DownloadBundle", "BeforeInstall", "Install", "AfterInstall", "ApplicationStart",
            "ValidateService", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private HoistCluster cluster;
    private Process haproxy;
    private int frontendPort;
    private final Map<String, Integer> appPorts = new HashMap<>();

    static void requireHaproxy() {
        DebianPrograms.require(Files.isExecutable(HAPROXY),
                "Debian's haproxy at " + HAPROXY + " (apt-get install haproxy; .ci/run does it)",
                "load balancer tests");
    }

    @BeforeEach
    void start() throws Exception {
        requireHaproxy();
        Path socket = work.resolve("haproxy-admin.sock");
        frontendPort = HoistProcesses.freePort();
        StringBuilder servers = new StringBuilder();
        for (String host : HOSTS) {
            appPorts.put(host, HoistProcesses.freePort());
            servers.append("    server ").append(host).append(" 127.0.0.1:").append(appPorts.get(host))
                    .append(" check inter 200ms rise 2 fall 2\n");
        }
        Path config = work.resolve("haproxy.cfg");
        // retries 0: a request sent to a host that is being restarted fails visibly instead of being retried.
        Files.writeString(config, """
                global
                    stats socket %s mode 600 level admin
                defaults
                    mode http
                    retries 0
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                frontend www
                    bind 127.0.0.1:%d
                    default_backend web
                backend web
                    option httpchk GET /health
                """.formatted(socket, frontendPort) + servers);
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile()).start();

        cluster = new HoistCluster(work).startController();
        for (String host : HOSTS) {
            cluster.withAgentEnvironment(host, Map.of("APP_PORT", String.valueOf(appPorts.get(host))));
        }
        cluster.withAgentEnvironment("lb-1", Map.of("HOIST_HAPROXY_ADMIN", socket.toString(),
                "HOIST_HAPROXY_BACKENDS", "web"));
        cluster.addAgents(List.of("lb-1"), "role=lb");
    }

    @AfterEach
    void stop() throws Exception {
        for (String host : HOSTS) {
            Path pid = work.resolve("hosts").resolve(host).resolve("app.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroy);
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
    }

    @Test
    void aOneAtATimeDeploymentBehindHaproxyFailsNoRequest() throws Exception {
        cluster.addAgents(HOSTS.subList(0, 3), "role=web");
        assertSucceeded(cluster.cli("app", "create", "shop"));
        push("v1");
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));

        HoistProcesses.Result missing = cluster.cli("group", "load-balancer", "set", "--app", "shop", "--group", "web",
                "--agent-tag", "role=lb", "--backend", "web", "--server-tag", "lb.server");
        assertThat(missing.exitCode()).as(missing.all()).isNotZero();
        assertThat(missing.all()).contains("LOAD_BALANCER_SERVERS_MISSING").contains("3 host(s)")
                .contains("<no lb.server tag>");

        HoistProcesses.Result set = cluster.cli("group", "load-balancer", "set", "--app", "shop", "--group", "web",
                "--agent-tag", "role=lb", "--backend", "web", "--server-tag", "name", "--drain-timeout", "30s",
                "--up-timeout", "30s", "--guard-timeout", "60s");
        assertSucceeded(set);
        assertThat(set.stdout()).contains("BlockTraffic and AllowTraffic").contains("web-1");

        HoistProcesses.Result first = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "3m");
        assertThat(first.exitCode()).as(first.all()).isZero();
        await("every host serves v1 through the balancer").atMost(Duration.ofSeconds(30))
                .until(() -> lbServersTraffic().equals(Map.of("web-1", "SERVING", "web-2", "SERVING", "web-3",
                        "SERVING")));
        assertThat(get("/")).startsWith("v1 ");

        HoistProcesses.Result allAtOnce = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group",
                "web", "--config", "AllAtOnce", "--wait", "--timeout", "1m");
        assertThat(allAtOnce.exitCode()).as(allAtOnce.all()).isNotZero();
        JsonNode refused = cluster.deployment(FleetDeploymentIT.deploymentId(allAtOnce));
        assertThat(refused.get("status").asText()).isEqualTo("Failed");
        assertThat(refused.get("error").asText()).contains("traffic guard").contains("3 of 3 hosts");

        push("v2");
        HoistProcesses.Result second;
        try (LoadGenerator load = new LoadGenerator(frontendPort, 2, 2)) {
            await("the load runs").atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 20);
            second = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                    "--timeout", "3m");
            long before = load.succeeded();
            await("more load after the deployment").atMost(Duration.ofSeconds(30))
                    .until(() -> load.succeeded() > before + 20);
            load.close();
            assertThat(second.exitCode()).as(second.all()).isZero();
            assertThat(load.failures()).as("failed requests during the deployment").isEmpty();
            assertThat(load.versions()).as("answers by version").containsKeys("v1", "v2");
            assertThat(load.slowSucceeded()).as("slow requests answered").isPositive();
        }
        for (int i = 0; i < 6; i++) {
            assertThat(get("/")).startsWith("v2 ");
        }

        String id = FleetDeploymentIT.deploymentId(second);
        String agentId = cluster.agent("web-2").id;
        JsonNode events = JSON.readTree(httpApi("/api/v1/deployments/" + id + "/hosts/" + agentId + "/events"));
        List<String> names = new ArrayList<>();
        events.forEach(event -> {
            names.add(event.get("event").asText());
            assertThat(event.get("status").asText()).as(event.toString()).isEqualTo("Succeeded");
        });
        assertThat(names).isEqualTo(LIFECYCLE);
        List<String> trace = Files.readAllLines(work.resolve("hosts/web-2/trace"));
        assertThat(trace.subList(trace.size() - 9, trace.size())).containsExactly("BeforeBlockTraffic v1",
                "AfterBlockTraffic v1", "ApplicationStop v1", "BeforeInstall v2", "AfterInstall v2",
                "ApplicationStart v2", "ValidateService v2", "BeforeAllowTraffic v2", "AfterAllowTraffic v2");
        HoistProcesses.Result logs = cluster.cli("deployment", "logs", id);
        assertThat(logs.stdout()).contains("load balancer: web-2 drained in")
                .contains("reported UP by the balancer's health check");
        assertThat(cluster.admin("/metrics")).contains("hoist.traffic.drain").contains("hoist.traffic.allow");
    }

    private void push(String version) throws IOException {
        push(version, false, null);
    }

    /**
     * Pushes the test app as {@code version}; {@code failValidate} makes ValidateService fail on every host,
     * {@code failAfterAllowOn} makes AfterAllowTraffic fail on that host.
     */
    private void push(String version, boolean failValidate, String failAfterAllowOn) throws IOException {
        Path dir = work.resolve("bundle-" + version);
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("VERSION"), version + "\n");
        Files.writeString(dir.resolve("app.py"), """
                import sys, time
                from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
                port, version, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
                class Handler(BaseHTTPRequestHandler):
                    def do_GET(self):
                        if self.path.startswith("/slow"):
                            time.sleep(0.8)
                        body = ("ok" if self.path == "/health" else version + " " + name).encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, *args):
                        pass
                ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
                """);
        StringBuilder appspec = new StringBuilder("version: 0.0\nos: linux\nhooks:\n");
        for (String hook : List.of("BeforeBlockTraffic", "AfterBlockTraffic", "ApplicationStop", "BeforeInstall",
                "AfterInstall", "ApplicationStart", "ValidateService", "BeforeAllowTraffic", "AfterAllowTraffic")) {
            appspec.append("  ").append(hook).append(":\n    - location: hooks/").append(hook).append(".sh\n");
            String body = "#!/bin/bash\nset -eu\necho \"$LIFECYCLE_EVENT %s\" >> \"$E2E_HOST_DIR/trace\"\n"
                    .formatted(version) + switch (hook) {
                        case "ApplicationStop" -> """
                                pidfile="$E2E_HOST_DIR/app.pid"
                                [ -f "$pidfile" ] || exit 0
                                pid="$(cat "$pidfile")"
                                alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
                                kill "$pid" 2>/dev/null || true
                                for _ in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
                                rm -f "$pidfile"
                                echo "stopped the app (pid $pid)"
                                """;
                        case "ApplicationStart" -> """
                                nohup python3 "$PWD/app.py" "$APP_PORT" "%s" "$E2E_NAME" >"$E2E_HOST_DIR/app.log" 2>&1 </dev/null &
                                echo $! > "$E2E_HOST_DIR/app.pid"
                                echo "started the app on port $APP_PORT"
                                """.formatted(version);
                        case "ValidateService" -> """
                                for _ in $(seq 1 150); do
                                  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:'+sys.argv[1]+'/health', timeout=2)" "$APP_PORT" 2>/dev/null; then
                                    echo "the app answers"; exit 0
                                  fi
                                  sleep 0.2
                                done
                                echo "the app did not answer" >&2; exit 1
                                """;
                        case "AfterAllowTraffic" -> failAfterAllowOn == null ? "" : """
                                if [ "$E2E_NAME" = "%s" ]; then echo "AfterAllowTraffic fails on purpose" >&2; exit 1; fi
                                """.formatted(failAfterAllowOn);
                        default -> "";
                    };
            if (hook.equals("ValidateService") && failValidate) {
                body = body.replace("set -eu\n", "set -eu\necho \"ValidateService fails on purpose\" >&2\nexit 1\n");
            }
            Path script = dir.resolve("hooks").resolve(hook + ".sh");
            Files.writeString(script, body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(dir.resolve("appspec.yml"), appspec);
        cluster.cliJson("push", "--app", "shop", "--source", dir.toString());
    }

    /** Each host's server and its traffic state, as the load-balancer API shows them. */
    private Map<String, String> lbServersTraffic() throws Exception {
        JsonNode view = JSON.readTree(httpApi("/api/v1/applications/shop/deployment-groups/web/load-balancer"));
        Map<String, String> traffic = new HashMap<>();
        view.get("hosts").forEach(host -> traffic.put(host.get("server").asText(), host.get("traffic").asText()));
        return traffic;
    }

    private String serving() throws Exception {
        return JSON.readTree(httpApi("/api/v1/applications/shop/deployment-groups/web/load-balancer")).get("serving")
                .asText();
    }

    /** Deploys the latest revision while the load runs; no request may fail; {@code check} looks at the answers. */
    private HoistProcesses.Result deployUnderLoad(Consumer<LoadGenerator> check) throws Exception {
        HoistProcesses.Result run;
        try (LoadGenerator load = new LoadGenerator(frontendPort, 2, 2)) {
            await("the load runs").atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 20);
            run = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                    "--timeout", "3m");
            long before = load.succeeded();
            await("more load after the deployment").atMost(Duration.ofSeconds(30))
                    .until(() -> load.succeeded() > before + 20);
            load.close();
            assertThat(load.failures()).as("failed requests during the deployment: " + run.all()).isEmpty();
            assertThat(load.slowSucceeded()).as("slow requests answered").isPositive();
            check.accept(load);
        }
        return run;
    }

    @Test
    void blueGreenSwitchesWithoutAFailedRequestNeverServesAFailedReplacementAndSwitchesBack() throws Exception {
        cluster.addAgents(List.of("web-1", "web-2"), "role=web", "pool=blue");
        cluster.addAgents(List.of("web-3", "web-4"), "role=web", "pool=green");
        assertSucceeded(cluster.cli("app", "create", "shop"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));
        HoistProcesses.Result set = cluster.cli("group", "load-balancer", "set", "--app", "shop", "--group", "web",
                "--agent-tag", "role=lb", "--backend", "web", "--server-tag", "name", "--blue", "pool=blue",
                "--green", "pool=green", "--drain-timeout", "30s", "--up-timeout", "30s", "--retire-original-after",
                "0s");
        assertSucceeded(set);
        assertThat(set.stdout()).contains("blue/green").contains("serving: blue")
                .contains("Original set:   retired (ApplicationStop) as soon as it left the traffic");

        push("v1");
        HoistProcesses.Result first = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "3m");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(serving()).isEqualTo("green");
        assertThat(get("/")).startsWith("v1 web-");
        assertThat(work.resolve("hosts/web-1/trace")).as("v1 went to the idle green set only").doesNotExist();

        push("v2");
        HoistProcesses.Result second = deployUnderLoad(load -> assertThat(load.versions()).containsKeys("v1", "v2"));
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(serving()).isEqualTo("blue");
        assertThat(lbServersTraffic()).containsEntry("web-1", "SERVING").containsEntry("web-2", "SERVING")
                .containsEntry("web-3", "OUT_OF_SERVICE").containsEntry("web-4", "OUT_OF_SERVICE");
        for (int i = 0; i < 6; i++) {
            assertThat(get("/")).startsWith("v2 ");
        }
        // The original set (green, on v1) took itself out after the reroute, running v1's hooks around BlockTraffic,
        // and was retired at once: v1's ApplicationStop.
        String secondId = FleetDeploymentIT.deploymentId(second);
        JsonNode leaving = JSON.readTree(httpApi("/api/v1/deployments/" + secondId + "/hosts/"
                + cluster.agent("web-3").id + "/events"));
        List<String> leavingEvents = new ArrayList<>();
        leaving.forEach(event -> {
            leavingEvents.add(event.get("event").asText());
            assertThat(event.get("status").asText()).as(event.toString()).isEqualTo("Succeeded");
        });
        assertThat(leavingEvents).containsExactly("BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic",
                "ApplicationStop");
        List<String> trace = Files.readAllLines(work.resolve("hosts/web-3/trace"));
        assertThat(trace.subList(trace.size() - 3, trace.size())).containsExactly("BeforeBlockTraffic v1",
                "AfterBlockTraffic v1", "ApplicationStop v1");

        push("v3", true, null);
        HoistProcesses.Result third = deployUnderLoad(load -> assertThat(load.versions())
                .as("the failing replacement never serves").containsOnlyKeys("v2"));
        assertThat(third.exitCode()).as(third.all()).isNotZero();
        JsonNode failed = cluster.deployment(FleetDeploymentIT.deploymentId(third));
        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("error").asText()).contains("before the reroute").contains("blue set kept serving");
        assertThat(failed.path("rollbackDeploymentId").textValue()).as("nothing to roll back").isNull();
        assertThat(serving()).isEqualTo("blue");

        push("v4", false, "web-3");
        HoistProcesses.Result fourth = deployUnderLoad(load -> assertThat(load.versions()).containsKey("v2"));
        assertThat(fourth.exitCode()).as(fourth.all()).isNotZero();
        JsonNode back = cluster.deployment(FleetDeploymentIT.deploymentId(fourth));
        assertThat(back.get("error").asText()).contains("switched back to the blue set");
        await("the blue set serves again").atMost(Duration.ofSeconds(60)).until(() -> lbServersTraffic()
                .equals(Map.of("web-1", "SERVING", "web-2", "SERVING", "web-3", "OUT_OF_SERVICE", "web-4",
                        "OUT_OF_SERVICE")));
        assertThat(serving()).isEqualTo("blue");
        for (int i = 0; i < 6; i++) {
            assertThat(get("/")).startsWith("v2 ");
        }
    }

    @Test
    void blueGreenWaitsForContinueBeforeTheSwitchAndIsStoppedWhenNotContinuedInTime() throws Exception {
        cluster.addAgents(List.of("web-1", "web-2"), "role=web", "pool=blue");
        cluster.addAgents(List.of("web-3", "web-4"), "role=web", "pool=green");
        assertSucceeded(cluster.cli("app", "create", "shop"));
        // The group and its balancer in one command; refused whole when a host has no server in the backend.
        HoistProcesses.Result refused = cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag",
                "role=web", "--load-balancer", "web", "--balancer-agent-tag", "role=lb", "--server-tag", "lb.server",
                "--blue-green", "pool=blue,pool=green");
        assertThat(refused.exitCode()).as(refused.all()).isNotZero();
        assertThat(refused.all()).contains("LOAD_BALANCER_SERVERS_MISSING").contains("4 host(s)")
                .contains("<no lb.server tag>");
        HoistProcesses.Result noGroup = cluster.cli("group", "get", "--app", "shop", "web");
        assertThat(noGroup.all()).as("a refused balancer leaves no group").contains("DEPLOYMENT_GROUP_NOT_FOUND");
        HoistProcesses.Result created = cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag",
                "role=web", "--load-balancer", "web", "--balancer-agent-tag", "role=lb", "--server-tag", "name",
                "--blue-green", "pool=blue,pool=green", "--wait-for-continue", "10m");
        assertSucceeded(created);
        assertThat(created.stdout()).contains("behind backend(s) web, blue/green");
        HoistProcesses.Result shown = cluster.cli("group", "load-balancer", "show", "--app", "shop", "--group", "web");
        assertThat(shown.stdout()).contains("serving: blue").contains("at most 10m00s");

        push("v1");
        String first = startDeployment();
        JsonNode ready = awaitStatus(first, "Ready");
        assertThat(ready.path("continueBy").asText()).isNotEmpty();
        assertThat(serving()).as("nothing moves before continue").isEqualTo("blue");
        assertThat(cluster.cli("deployment", "get", first).stdout()).contains("Ready: every replacement host is ready")
                .contains("hoist deployment continue " + first);

        HoistProcesses.Result continued = cluster.cli("deployment", "continue", first);
        assertSucceeded(continued);
        assertThat(awaitStatus(first, "Succeeded").path("continuedAt").asText()).isNotEmpty();
        assertThat(serving()).isEqualTo("green");
        assertThat(get("/")).startsWith("v1 web-");
        HoistProcesses.Result again = cluster.cli("deployment", "continue", first);
        assertThat(again.exitCode()).as(again.all()).isEqualTo(1);
        assertThat(again.stderr()).contains("DEPLOYMENT_NOT_WAITING").contains("Succeeded");

        assertSucceeded(setBlueGreen("3s"));
        push("v2");
        String second = startDeployment();
        JsonNode stopped = awaitStatus(second, "Stopped");
        assertThat(stopped.path("error").asText()).contains("not continued by").contains("green set kept serving");
        assertThat(serving()).isEqualTo("green");
        for (int i = 0; i < 4; i++) {
            assertThat(get("/")).as("the blue set never served v2").startsWith("v1 ");
        }
    }

    private HoistProcesses.Result setBlueGreen(String waitForContinue) {
        return cluster.cli("group", "load-balancer", "set", "--app", "shop", "--group", "web", "--agent-tag",
                "role=lb", "--backend", "web", "--server-tag", "name", "--blue", "pool=blue", "--green", "pool=green",
                "--drain-timeout", "30s", "--up-timeout", "30s", "--wait-for-continue", waitForContinue);
    }

    private String startDeployment() {
        HoistProcesses.Result started = cluster.cli("deploy", "--app", "shop", "--group", "web");
        assertSucceeded(started);
        return started.stdout().trim();
    }

    /** The deployment once it is in {@code status}, or has ended otherwise (which fails the test at once). */
    private JsonNode awaitStatus(String id, String status) {
        List<String> ended = List.of("Succeeded", "Failed", "Stopped");
        JsonNode deployment = await(id + " " + status).atMost(FleetDeploymentIT.WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(httpApi("/api/v1/deployments/" + id)),
                        d -> d.path("status").asText().equals(status) || ended.contains(d.path("status").asText()));
        assertThat(deployment.path("status").asText()).as(deployment.toString()).isEqualTo(status);
        return deployment;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + frontendPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String httpApi(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                cluster.apiUrl() + path)).header("Authorization", "Bearer " + cluster.adminToken())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
