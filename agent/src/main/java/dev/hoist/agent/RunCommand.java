package dev.hoist.agent;

import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.deploy.AgentDeployments;
import dev.hoist.agent.deploy.SelfUpgrades;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.agent.identity.StateDirectory;
import dev.hoist.agent.traffic.BalancerSettings;
import dev.hoist.agent.upgrade.InstallLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist-agent run}: stays connected to the controller until stopped (SIGTERM) or told to stop.
 * Its parts are wired by {@link AgentAssembly}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Connect to the controller and run deployments until stopped.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped (SIGTERM)",
            "2:a load balancer option is wrong (--haproxy-admin, --haproxy-backends)",
            "10:not enrolled, or the state directory cannot be read or written",
            "11:the controller turned this agent away for good (revoked or unknown)",
            "12:the controller speaks no protocol version this agent does",
            "13:the certificate expired: enroll again with a new join token",
            "14:an upgrade switched the agent to a new release: start it again (systemd's Restart=always does)"})
public final class RunCommand implements Callable<Integer> {
    static final int EXIT_NOT_ENROLLED = 10;
    static final int EXIT_USAGE = 2;
    /** The agent stopped for its supervisor to start the release an upgrade switched to. */
    public static final int EXIT_RESTART_FOR_UPGRADE = 14;
    /** How long a new release may take to print its version before the upgrade gives it up. */
    private static final Duration UPGRADE_CHECK_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where enrollment wrote this agent's key and certificate "
                    + "(default: $HOIST_AGENT_STATE_DIR or /var/lib/hoist-agent).")
    private Path stateDir;

    @Option(names = "--deployment-root", paramLabel = "DIR",
            description = "Where deployments are kept (default: <state-dir>/deployments).")
    private Path deploymentRoot;

    @Option(names = "--haproxy-admin", paramLabel = "ADDR",
            description = "On a load balancer's host: HAProxy's runtime API at admin level, a UNIX socket path or "
                    + "127.0.0.1:PORT (default: $HOIST_HAPROXY_ADMIN). The controller then has this agent drain "
                    + "and restore servers of --haproxy-backends (docs/traffic.md).")
    private String haproxyAdmin;

    @Option(names = "--haproxy-backends", paramLabel = "NAME", split = ",",
            description = "The HAProxy backends the controller may drive through this agent "
                    + "(default: $HOIST_HAPROXY_BACKENDS); every other backend is refused.")
    private List<String> haproxyBackends;

    @Override
    public Integer call() throws InterruptedException {
        Path state = stateDir != null ? stateDir : StateDirectory.fromEnvironment();
        CredentialStore store = new CredentialStore(state);
        AgentCredentials credentials;
        try {
            credentials = store.load();
        } catch (IOException e) {
            spec.commandLine().getErr().println("hoist-agent: " + e.getMessage());
            return EXIT_NOT_ENROLLED;
        }
        BalancerSettings balancer;
        try {
            balancer = balancer();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hoist-agent: " + e.getMessage());
            return EXIT_USAGE;
        }
        AgentAssembly agent;
        try {
            agent = AgentAssembly.forRun(store, credentials,
                    deploymentRoot != null ? deploymentRoot : state.resolve("deployments"), Clock.systemUTC(),
                    AgentDeployments.Settings.defaults(), ControllerConnection.Settings.defaults(), balancer);
        } catch (IOException e) {
            return cannotUseState(state, e);
        }
        ControllerConnection connection = agent.connection();
        agent.deployments().enableSelfUpgrades(new SelfUpgrades(state, AgentVersion.current(),
                InstallLayout.of(AgentVersion.distributionHome()), UPGRADE_CHECK_TIMEOUT,
                () -> connection.stop(EXIT_RESTART_FOR_UPGRADE)));
        try {
            agent.deployments().recoverAfterRestart();
        } catch (IOException e) {
            agent.close();
            return cannotUseState(state, e);
        }
        if (agent.deployments().restartRequested()) {
            agent.close();
            spec.commandLine().getErr().println("hoist-agent: went back to the release before an upgrade whose agent "
                    + "never reached the controller; exiting for the supervisor to start it");
            return EXIT_RESTART_FOR_UPGRADE;
        }
        Thread shutdown = new Thread(agent::close, "hoist-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            return agent.connection().start().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the connection loop failed", e.getCause());
        } finally {
            agent.close();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it closes the connection
            }
        }
    }

    /** The load balancer this agent drives, or {@code null}. */
    private BalancerSettings balancer() {
        String admin = haproxyAdmin != null ? haproxyAdmin : System.getenv("HOIST_HAPROXY_ADMIN");
        List<String> backends = haproxyBackends;
        if (backends == null && System.getenv("HOIST_HAPROXY_BACKENDS") != null) {
            backends = List.of(System.getenv("HOIST_HAPROXY_BACKENDS").split(","));
        }
        if ((admin == null || admin.isBlank()) && (backends == null || backends.isEmpty())) {
            return null;
        }
        return new BalancerSettings(admin, backends == null ? Set.of()
                : backends.stream().map(String::trim).filter(b -> !b.isEmpty()).collect(Collectors.toSet()));
    }

    private int cannotUseState(Path state, IOException e) {
        spec.commandLine().getErr().println("hoist-agent: cannot use the deployment state under " + state + ": "
                + e.getMessage());
        return EXIT_NOT_ENROLLED;
    }
}
