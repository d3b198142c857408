package dev.hoist.bench;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.connection.ControllerConnection;
import dev.hoist.agent.deploy.AgentDeployments;
import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.CredentialStore;
import java.util.List;

/**
 * One simulated agent: the agent's own {@link ControllerConnection} and {@link AgentDeployments}, wired by
 * {@link AgentAssembly} on the swarm's shared event loops and threads. Between the two sits a thin
 * recorder that notes when a command arrived and when its result was acknowledged, and counts the
 * messages this agent sent; it changes nothing that passes through.
 */
final class SwarmAgent implements DeploymentMessageHandler {
    final AgentCredentials credentials;
    /** This agent's state directory: its command ledger, credentials and bundle cache ({@code bundles/}). */
    final java.nio.file.Path stateDir;
    private final AgentDeployments deployments;
    private ControllerConnection connection;
    private volatile ControllerLink wrappedFrom;
    private volatile ControllerLink wrapped;

    volatile long commandAt;
    volatile long acknowledgedAt;
    volatile int sent;
    /** When this agent first asked for bundle bytes ({@link BundleWanted}) since the last reset. */
    volatile long bundleWantedAt;
    /** When this agent handed its connection the command's result ({@link HostOutcome}) since the last reset. */
    volatile long resultSentAt;
    /** Bundle bytes received over the controller connection, all agents of a swarm together. */
    static final java.util.concurrent.atomic.AtomicLong BUNDLE_BYTES = new java.util.concurrent.atomic.AtomicLong();
    /** Accepted connections this agent lost (all agents of a swarm count into one). */
    static final java.util.concurrent.atomic.AtomicLong DISCONNECTS = new java.util.concurrent.atomic.AtomicLong();

    SwarmAgent(AgentCredentials credentials, java.nio.file.Path stateDir, AgentDeployments deployments) {
        this.credentials = credentials;
        this.stateDir = stateDir;
        this.deployments = deployments;
    }

    void connectWith(ControllerConnection connection) {
        this.connection = connection;
        connection.start();
    }

    boolean isConnected() {
        return connection != null && connection.isConnected();
    }

    boolean started() {
        return connection != null;
    }

    void stop() {
        if (connection != null) {
            connection.stop();
        }
    }

    void resetCounters() {
        commandAt = 0;
        acknowledgedAt = 0;
        sent = 0;
        bundleWantedAt = 0;
        resultSentAt = 0;
    }

    private ControllerLink counting(ControllerLink link) {
        if (wrappedFrom != link) {
            ControllerLink counted = new ControllerLink() {
                @Override
                public void send(AgentReport report) {
                    sent++;
                    if (report instanceof BundleWanted && bundleWantedAt == 0) {
                        bundleWantedAt = System.nanoTime();
                    }
                    if (report instanceof HostOutcome && resultSentAt == 0) {
                        resultSentAt = System.nanoTime();
                    }
                    link.send(report);
                }
            };
            wrapped = counted;
            wrappedFrom = link;
        }
        return wrapped;
    }

    @Override
    public void onDeploy(Deploy command, ControllerLink link) {
        if (commandAt == 0) {
            commandAt = System.nanoTime();
        }
        deployments.onDeploy(command, counting(link));
    }

    @Override
    public void onCancel(Cancel command, ControllerLink link) {
        deployments.onCancel(command, counting(link));
    }

    @Override
    public void onBundlePart(BundlePart part, ControllerLink link) {
        BUNDLE_BYTES.addAndGet(part.size());
        deployments.onBundlePart(part, counting(link));
    }

    @Override
    public void onResultAcknowledged(ResultAcknowledged ack, ControllerLink link) {
        acknowledgedAt = System.nanoTime();
        deployments.onResultAcknowledged(ack, counting(link));
    }

    @Override
    public void onConnected(ControllerLink link) {
        deployments.onConnected(counting(link));
    }

    @Override
    public void onDisconnected(ControllerLink link) {
        DISCONNECTS.incrementAndGet();
        deployments.onDisconnected(counting(link));
    }

    @Override
    public List<String> pendingCommandIds() {
        return deployments.pendingCommandIds();
    }

    static CredentialStore store(java.nio.file.Path dir) {
        return new CredentialStore(dir);
    }
}
