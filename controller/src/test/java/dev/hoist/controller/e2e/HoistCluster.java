package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A controller and its agents as real processes from the shaded jars, for end-to-end tests of
 * deployments: the controller on free loopback ports with its own data dir; agents enrolled with tags,
 * each with its own state dir and a host directory that its hooks see as {@code $E2E_HOST_DIR} (hooks
 * inherit the agent's environment), plus {@code $E2E_SHARED} shared by all; the CLI run as a process.
 * The controller and agents can be killed with SIGKILL and started again on the same state.
 */
final class HoistCluster implements AutoCloseable {
    static final Duration COMMAND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final HoistProcesses processes;
    private final Path controllerJar;
    private final Path agentJar;
    private final Path cliJar;
    private final Path data;
    private final Path config;
    private final int apiPort;
    private final int adminPort;
    private final int gatewayPort;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> agentEnvironment = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process controller;
    private int controllerStarts;
    private Map<String, String> cliEnv;
    private String extraConfig = "";
    private String adminToken;

    /** One enrolled agent: its process (while running), state and host directories. */
    static final class Agent {
        final String name;
        final Path state;
        final Path hostDir;
        Process process;
        int starts;
        String id;

        Agent(String name, Path state, Path hostDir) {
            this.name = name;
            this.state = state;
            this.hostDir = hostDir;
        }
    }

    HoistCluster(Path work) {
        this.work = work;
        this.processes = new HoistProcesses(work);
        this.controllerJar = processes.jar("controller", "hoist-controller.jar");
        this.agentJar = processes.jar("agent", "hoist-agent.jar");
        this.cliJar = processes.jar("cli", "hoist.jar");
        this.data = work.resolve("data");
        this.config = work.resolve("controller.yml");
        this.apiPort = HoistProcesses.freePort();
        this.adminPort = HoistProcesses.freePort();
        this.gatewayPort = HoistProcesses.freePort();
    }

    Path work() {
        return work;
    }

    Path shared() {
        return work.resolve("shared");
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** Keep the store in this database (a JDBC URL) instead of the embedded SQLite file. */
    HoistCluster withDatabase(String url) {
        return withConfig("database:\n  url: " + url + "\n  user: postgres\n");
    }

    /** Appends {@code yaml} (top-level sections, e.g. {@code bundles:}) to the controller's configuration. */
    HoistCluster withConfig(String yaml) {
        this.extraConfig += yaml.endsWith("\n") ? yaml : yaml + "\n";
        return this;
    }

    /** Starts the controller (again, on the same data dir and ports) and waits until it is healthy. */
    HoistCluster startController() throws IOException {
        Files.createDirectories(shared());
        controllerStarts++;
        controller = processes.startController(controllerLog(), controllerJar, data, config, apiPort, adminPort,
                gatewayPort, "advertisedAddress: 127.0.0.1:" + gatewayPort + "\n" + extraConfig,
                Duration.ofSeconds(90));
        cliEnv = Map.of("HOIST_URL", apiUrl(), "HOIST_TOKEN", adminToken != null ? adminToken
                : Files.readString(data.resolve("admin.token")).trim());
        return this;
    }

    /**
     * Runs the controller expecting it to refuse to start (another controller on its database, say): its
     * result once it exited.
     */
    HoistProcesses.Result startControllerExpectingRefusal() throws IOException {
        Files.createDirectories(shared());
        controllerStarts++;
        return processes.runControllerToExit(controllerJar, data, config, apiPort, adminPort, gatewayPort,
                "advertisedAddress: 127.0.0.1:" + gatewayPort + "\n" + extraConfig, Duration.ofSeconds(90));
    }

    /**
     * Calls this controller's API with {@code token} rather than the one in its data directory: a second
     * controller on one database finds the admin token the first created, whose secret only the first wrote.
     */
    HoistCluster withAdminToken(String token) {
        this.adminToken = token;
        return this;
    }

    /** {@code host:port} of this controller's agent gateway. */
    String gatewayAddress() {
        return "127.0.0.1:" + gatewayPort;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; the store must cope. */
    void killController() {
        controller.destroyForcibly();
        HoistProcesses.awaitExit(controller, Duration.ofSeconds(30));
    }

    /** SIGTERM: the controller stops gracefully, as a service manager would stop it. */
    void stopController() {
        controller.destroy();
        HoistProcesses.awaitExit(controller, Duration.ofSeconds(60));
    }

    /** The controller's data directory (its SQLite store is {@code hoist.db} there). */
    Path dataDir() {
        return data;
    }

    String controllerLog() {
        return controllerStarts <= 1 ? "controller" : "controller-" + controllerStarts;
    }

    /** Enrolls {@code names} with {@code tags} (K=V) using one join token, and starts them connected. */
    List<Agent> addAgents(List<String> names, String... tags) throws IOException {
        return addAgents(names, List.of(), tags);
    }

    /** As {@link #addAgents(List, String...)}, with more options for {@code hoist-agent enroll} (e.g. --trust-key). */
    List<Agent> addAgents(List<String> names, List<String> enrollOptions, String... tags) throws IOException {
        // Each agent adds its own name tag: the token must allow that key (a token's tags bind the host).
        List<String> create = new ArrayList<>(List.of("token", "create", "--uses", String.valueOf(names.size()),
                "--ttl", "10m", "--allow-tag-key", "name", "--output", "json"));
        for (String tag : tags) {
            create.add("--tag");
            create.add(tag);
        }
        JsonNode token = json(cli(create.toArray(String[]::new)));
        List<Agent> added = new ArrayList<>();
        for (String name : names) {
            Agent agent = new Agent(name, work.resolve("agents").resolve(name), work.resolve("hosts").resolve(name));
            Files.createDirectories(agent.hostDir);
            List<String> enroll = new ArrayList<>(List.of("enroll",
                    "--controller", "127.0.0.1:" + gatewayPort, "--token", token.get("token").asText(),
                    "--ca-pin", token.get("caPin").asText(), "--state-dir", agent.state.toString(),
                    "--tag", "name=" + name));
            enroll.addAll(enrollOptions);
            HoistProcesses.Result enrolled = processes.run(COMMAND, Map.of(), agentJar,
                    enroll.toArray(String[]::new));
            assertSucceeded(enrolled);
            agents.put(name, agent);
            startAgent(agent);
            added.add(agent);
        }
        await("agents " + names + " connected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> connectedNames().containsAll(names));
        for (JsonNode listed : json(cli("agent", "list", "--output", "json"))) {
            Agent agent = agents.get(listed.path("tags").path("name").asText());
            if (agent != null) {
                agent.id = listed.get("id").asText();
            }
        }
        return added;
    }

    /**
     * Enrolls {@code name} at this controller's gateway with a join token made anywhere (a {@code hoist token
     * create --output json} answer), and starts it; does not wait for it to connect.
     */
    Agent enrollWith(JsonNode token, String name, String... tags) throws IOException {
        return enrollWithControllers(token, gatewayAddress(), name, tags);
    }

    /** As {@link #enrollWith(JsonNode, String, String...)}, giving the agent {@code controllers} (A,B,...). */
    Agent enrollWithControllers(JsonNode token, String controllers, String name, String... tags) throws IOException {
        Agent agent = new Agent(name, work.resolve("agents").resolve(name), work.resolve("hosts").resolve(name));
        Files.createDirectories(agent.hostDir);
        List<String> args = new ArrayList<>(List.of("enroll", "--controller", controllers,
                "--token", token.get("token").asText(), "--ca-pin", token.get("caPin").asText(),
                "--state-dir", agent.state.toString(), "--tag", "name=" + name));
        for (String tag : tags) {
            args.add("--tag");
            args.add(tag);
        }
        assertSucceeded(processes.run(COMMAND, Map.of(), agentJar, args.toArray(String[]::new)));
        agents.put(name, agent);
        startAgent(agent);
        return agent;
    }

    Agent agent(String name) {
        return agents.get(name);
    }

    Agent agentById(String id) {
        return agents.values().stream().filter(agent -> id.equals(agent.id)).findFirst()
                .orElseThrow(() -> new AssertionError("no agent " + id + " in " + agents.keySet()));
    }

    /** Extra environment for the agent {@code name} (set before it is added), e.g. its load balancer's socket. */
    HoistCluster withAgentEnvironment(String name, Map<String, String> environment) {
        agentEnvironment.put(name, Map.copyOf(environment));
        return this;
    }

    /** The admin API token, for calls the CLI does not make. */
    String adminToken() {
        return cliEnv.get("HOIST_TOKEN");
    }

    void startAgent(Agent agent) {
        agent.starts++;
        Map<String, String> env = new HashMap<>(agentEnvironment.getOrDefault(agent.name, Map.of()));
        env.put("E2E_HOST_DIR", agent.hostDir.toString());
        env.put("E2E_SHARED", shared().toString());
        env.put("E2E_NAME", agent.name);
        agent.process = processes.start(agentLog(agent), env, agentJar, "run", "--state-dir", agent.state.toString());
    }

    String agentLog(Agent agent) {
        return "agent-" + agent.name + (agent.starts <= 1 ? "" : "-" + agent.starts);
    }

    /** Every log this agent's processes wrote, oldest first. */
    String agentLogs(Agent agent) {
        StringBuilder all = new StringBuilder();
        for (int start = 1; start <= agent.starts; start++) {
            all.append(processes.log("agent-" + agent.name + (start == 1 ? "" : "-" + start)));
        }
        return all.toString();
    }

    void killAgent(Agent agent) {
        agent.process.destroyForcibly();
        HoistProcesses.awaitExit(agent.process, Duration.ofSeconds(30));
    }

    List<String> connectedNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode agent : json(cli("agent", "list", "--state", "Connected", "--output", "json"))) {
            names.add(agent.path("tags").path("name").asText());
        }
        return names;
    }

    /** Runs {@code hoist ARGS} against this controller. */
    HoistProcesses.Result cli(String... args) {
        return cli(COMMAND, args);
    }

    HoistProcesses.Result cli(Duration timeout, String... args) {
        return processes.run(timeout, cliEnv, cliJar, args);
    }

    /** {@code hoist ARGS --output json}, which must succeed. */
    JsonNode cliJson(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--output", "json"));
        return json(cli(all.toArray(String[]::new)));
    }

    JsonNode deployment(String id) {
        return cliJson("deployment", "get", id);
    }

    /** How many agents this controller's gateway holds a connection of (the admin port's /metrics). */
    int gatewayConnections() throws IOException, InterruptedException {
        return JSON.readTree(admin("/metrics")).path("gauges").path("hoist.gateway.agents.connected").path("value")
                .asInt(-1);
    }

    /** The body of an admin-port page, e.g. /metrics. */
    String admin(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(adminUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String log(String name) {
        return processes.log(name);
    }

    static JsonNode json(HoistProcesses.Result result) {
        assertSucceeded(result);
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + result.all(), e);
        }
    }

    static void assertSucceeded(HoistProcesses.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
    }

    @Override
    public void close() {
        processes.close();
    }
}
