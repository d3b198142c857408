package dev.hoist.agent;

import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.connection.HostFactsCollector;
import dev.hoist.agent.deploy.AgentDeployments;
import dev.hoist.agent.deploy.BundleDownloader;
import dev.hoist.agent.deploy.CommandLedger;
import dev.hoist.agent.deploy.DeploymentThreads;
import dev.hoist.agent.deploy.ProxySettings;
import dev.hoist.agent.deploy.ReportOutbox;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.agent.identity.TrustedKeys;
import dev.hoist.agent.lifecycle.DeploymentEngine;
import dev.hoist.agent.lifecycle.DeploymentRunner;
import io.netty.channel.EventLoopGroup;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.traffic.BalancerRouter;
import dev.hoist.agent.traffic.BalancerSettings;
import dev.hoist.agent.traffic.RoutingMessageHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The composition root of {@code hoist-agent run}: every part of the daemon is made here, with plain
 * constructors, and handed to the parts that use it. Nothing else in the agent makes its own
 * collaborators (threads, ledger, outbox, journal, bundle cache, runner, event loop).
 *
 * <pre>
 *   ControllerConnection --(exchange.DeploymentMessageHandler)--> AgentDeployments
 *        |  WireTranslator: protobuf <-> exchange records            |  CommandLedger    (state/commands)
 *        |  HostFactsCollector, event loop, work thread              |  ReportOutbox
 *        '<-------------(exchange.ControllerLink)--------------------|  BundleDownloader (state/bundles)
 *                                                                    |  EventJournal + DeploymentRunner
 *                                                                    '  DeploymentThreads
 * </pre>
 *
 * {@code enroll} and {@code local} are one-shot commands that build their few parts in their own
 * {@code call()}; {@link AgentMain} only picks the command.
 */
public final class AgentAssembly implements AutoCloseable {
    private final AgentDeployments deployments;
    private final ControllerConnection connection;
    private final BalancerRouter router;

    private AgentAssembly(AgentDeployments deployments, ControllerConnection connection, BalancerRouter router) {
        this.deployments = deployments;
        this.connection = connection;
        this.router = router;
    }

    /**
     * Wires the daemon for the enrolled agent {@code credentials}: its deployment state under the state
     * directory, deployments under {@code deploymentRoot}. Nothing runs until {@link ControllerConnection#start()}.
     */
    public static AgentAssembly forRun(CredentialStore store, AgentCredentials credentials, Path deploymentRoot,
            Clock clock, AgentDeployments.Settings deploymentSettings, ControllerConnection.Settings connectionSettings)
            throws IOException {
        return forRun(store, credentials, deploymentRoot, clock, deploymentSettings, connectionSettings, null);
    }

    /**
     * As {@link #forRun(CredentialStore, AgentCredentials, Path, Clock, AgentDeployments.Settings,
     * ControllerConnection.Settings)}, on a load balancer's host: with {@code balancer} set, the controller's
     * load-balancer actions for its backends are carried out there (docs/traffic.md).
     */
    public static AgentAssembly forRun(CredentialStore store, AgentCredentials credentials, Path deploymentRoot,
            Clock clock, AgentDeployments.Settings deploymentSettings, ControllerConnection.Settings connectionSettings,
            BalancerSettings balancer) throws IOException {
        AgentDeployments deployments = deployments(store.stateDir(), deploymentRoot, clock, deploymentSettings);
        if (balancer == null) {
            return new AgentAssembly(deployments, connection(store, credentials, clock, deployments,
                    connectionSettings), null);
        }
        BalancerRouter router = balancer.build();
        return new AgentAssembly(deployments, connection(store, credentials, clock,
                new RoutingMessageHandler(deployments, router), connectionSettings), router);
    }

    /**
     * The deployment work: the command ledger in {@code <stateDir>/commands}, the bundle cache in
     * {@code <stateDir>/bundles}, deployments under {@code deploymentRoot}.
     */
    public static AgentDeployments deployments(Path stateDir, Path deploymentRoot, Clock clock,
            AgentDeployments.Settings settings) throws IOException {
        CommandLedger ledger = CommandLedger.open(stateDir.resolve("commands"), settings.keepDoneCommands(), clock);
        BundleDownloader bundles = new BundleDownloader(stateDir.resolve("bundles"), settings.bundleWindowBytes(),
                settings.bundleStallTimeout(), ProxySettings.fromEnvironment());
        DeploymentLayout layout = new DeploymentLayout(deploymentRoot);
        EventJournal journal = new EventJournal(layout);
        DeploymentRunner runner = settings.engine().build(layout, journal, clock);
        return new AgentDeployments(ledger, new ReportOutbox(settings.maxKeptReports()), bundles, journal, runner,
                DeploymentThreads.named(), clock, settings, TrustedKeys.of(stateDir));
    }

    /**
     * The deployment work as {@link #deployments(Path, Path, Clock, AgentDeployments.Settings)} wires it, with
     * the events run by {@code engine} and the work on {@code threads}: how the fleet simulator runs
     * thousands of agents' own deployment code in one process, on shared threads, with simulated hooks.
     * {@link AgentDeployments#close()} shuts {@code threads} down, so agents sharing them are not closed one
     * by one.
     */
    public static AgentDeployments deployments(Path stateDir, Path deploymentRoot, Clock clock,
            AgentDeployments.Settings settings, DeploymentEngine engine, DeploymentThreads threads)
            throws IOException {
        CommandLedger ledger = CommandLedger.open(stateDir.resolve("commands"), settings.keepDoneCommands(), clock);
        BundleDownloader bundles = new BundleDownloader(stateDir.resolve("bundles"), settings.bundleWindowBytes(),
                settings.bundleStallTimeout());
        EventJournal journal = new EventJournal(new DeploymentLayout(deploymentRoot));
        return new AgentDeployments(ledger, new ReportOutbox(settings.maxKeptReports()), bundles, journal, engine,
                threads, clock, settings, TrustedKeys.of(stateDir));
    }

    /** The connection to the controller, handing deployment work to {@code deployments}. */
    public static ControllerConnection connection(CredentialStore store, AgentCredentials credentials, Clock clock,
            DeploymentMessageHandler deployments, ControllerConnection.Settings settings) {
        return connection(store, credentials, clock, deployments, settings, ControllerConnection.newEventLoopGroup(),
                ControllerConnection.newWorkExecutor());
    }

    /**
     * The connection on an event loop of {@code group}, with its file and key work on {@code work}: many
     * connections (the fleet simulator's) can share both. Stop a shared one with
     * {@link ControllerConnection#stop()}: {@link ControllerConnection#close()} shuts the shared group down.
     */
    public static ControllerConnection connection(CredentialStore store, AgentCredentials credentials, Clock clock,
            DeploymentMessageHandler deployments, ControllerConnection.Settings settings, EventLoopGroup group,
            ExecutorService work) {
        return new ControllerConnection(store, credentials, clock, deployments, settings,
                new HostFactsCollector(store.stateDir()), group, work);
    }

    public AgentDeployments deployments() {
        return deployments;
    }

    public ControllerConnection connection() {
        return connection;
    }

    /** Closes the connection first (no new work arrives), then the deployment work. */
    @Override
    public void close() {
        connection.close();
        if (router != null) {
            router.close();
        }
        deployments.close();
    }
}
