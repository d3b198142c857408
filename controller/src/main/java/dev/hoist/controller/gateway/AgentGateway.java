package dev.hoist.controller.gateway;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.AgentConnections;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.JoinTokenStore;
import dev.hoist.controller.core.RevocationList;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.traffic.RouterCall;
import dev.hoist.controller.core.deploy.IntakePressure;
import dev.hoist.controller.pki.CertificateAuthority;
import dev.hoist.controller.pki.GatewayCredentials;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import io.dropwizard.lifecycle.Managed;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server agents connect to: mutual TLS for agents, enrollment at the same port. It carries
 * deployment work both ways: commands to agents ({@link AgentCommands}), their reports to
 * {@link AgentReports}, and revision bundles from the {@link BlobStore} to agents that ask.
 */
public final class AgentGateway implements Managed, AgentConnections, AgentCommands, IntakePressure {
    private static final Logger LOG = LoggerFactory.getLogger(AgentGateway.class);

    private final AgentGatewayFactory config;
    private final CertificateAuthority ca;
    private final AgentStore agents;
    private final JoinTokenStore joinTokens;
    private final RevocationList revocations;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final BlobStore bundles;
    private final Duration presignedUrlLifetime;
    private final BundleGrants grants = new BundleGrants();
    private final AgentReports reports;
    private final ConnectedAgents connections = new ConnectedAgents();

    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private AgentTaskExecutor work;
    private HeartbeatRecorder heartbeats;
    private PresenceRecorder presenceWrites;
    private ExecutorService bundleReads;
    private Channel serverChannel;
    private final AgentPresence presence;
    private volatile boolean intakeSaturated;

    AgentGateway(AgentGatewayFactory config, CertificateAuthority ca, AgentStore agents, JoinTokenStore joinTokens,
            RevocationList revocations, BlobStore bundles, Duration presignedUrlLifetime, AgentReports reports,
            AgentPresence presence, GatewayMetrics metrics, Clock clock) {
        this.presignedUrlLifetime = presignedUrlLifetime;
        this.presence = presence;
        this.config = config;
        this.ca = ca;
        this.agents = agents;
        this.joinTokens = joinTokens;
        this.revocations = revocations;
        this.metrics = metrics;
        this.clock = clock;
        this.bundles = bundles;
        this.reports = reports;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (serverChannel != null) {
            return;
        }
        GatewayCredentials credentials = ca.gatewayCredentials(config.getGatewayNames(),
                config.getGatewayCertificateLifetime().toJavaDuration());
        AgentCertificateVerifier verifier = new AgentCertificateVerifier(ca::trustAnchors, revocations, clock);
        GatewayTls tls = new GatewayTls(credentials, verifier, config.getEnrollmentServerName());
        work = new AgentTaskExecutor(config.getWorkerThreads());
        heartbeats = new HeartbeatRecorder(agents, Duration.ofSeconds(1));
        presenceWrites = new PresenceRecorder(agents, Duration.ofMillis(100));
        HandshakeGate handshakes = new HandshakeGate(config.getMaxHandshakesInFlight());
        bundleReads = Executors.newFixedThreadPool(config.getBundleReadThreads(), named("hoist-gateway-bundles-"));
        GatewayContext context = new GatewayContext(ca, agents, joinTokens, tls, connections, grants,
                work, handshakes, heartbeats, presenceWrites, metrics, clock, config.getMaxFrameBytes(), config.getHeartbeatInterval().toJavaDuration(),
                config.getCertificateLifetime().toJavaDuration(), config.getEnrollmentTimeout().toJavaDuration(),
                new AgentReportRouter(reports, metrics), presence, bundles, bundleReads,
                config.getBundleChunkBytes(), this::isIntakeSaturated,
                new SessionAuthenticator(verifier, agents, presenceWrites, revocations, work, clock),
                new CertificateRenewal(ca, work, config.getCertificateLifetime().toJavaDuration()));
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hoist-gateway-accept"),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(config.getEventLoopThreads(),
                new DefaultThreadFactory("hoist-gateway-io"), NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // Bundle chunks wait for writability: this bounds what one agent's transfer holds.
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.getBundleChunkBytes(), 4 * config.getBundleChunkBytes()))
                    .childHandler(new GatewayChannelInitializer(context))
                    .bind(config.getBindHost(), config.getPort())
                    .sync()
                    .channel();
        } catch (RuntimeException e) {
            stop();
            throw new IOException("the agent gateway cannot listen on " + config.getBindHost() + ":" + config.getPort()
                    + ": " + e.getMessage() + " (set gateway.port, or stop what uses the port)", e);
        }
        metrics.gaugeConnectedAgents(connections::count);
        metrics.gaugeHandshakesInFlight(handshakes::inFlight);
        LOG.info("Agent gateway listening on {} (enrollment by SNI name '{}')", serverChannel.localAddress(),
                config.getEnrollmentServerName());
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (serverChannel != null) {
            serverChannel.close().sync();
            serverChannel = null;
        }
        connections.closeAll();
        if (workers != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            acceptors.terminationFuture().await(5, TimeUnit.SECONDS);
            workers.terminationFuture().await(5, TimeUnit.SECONDS);
            workers = null;
            acceptors = null;
        }
        if (bundleReads != null) {
            bundleReads.shutdownNow();
            bundleReads = null;
        }
        if (heartbeats != null) {
            heartbeats.close();
            heartbeats = null;
        }
        if (work != null) {
            work.shutdown(5_000); // lets the hellos being decided finish
            work = null;
        }
        if (presenceWrites != null) {
            presenceWrites.close(); // the disconnections just queued reach the store
            presenceWrites = null;
        }
        recordEveryoneDisconnected();
        metrics.unregisterGauges();
    }

    /**
     * Every connection is closed now: whatever the disconnections queued above managed to write, the
     * registry must not show an agent of this controller as connected once it has stopped.
     */
    private void recordEveryoneDisconnected() {
        Instant now = clock.instant();
        presence.connectedAgents().forEach(agentId -> presence.disconnected(agentId, now));
        try {
            int left = agents.recordAllDisconnected(now);
            if (left > 0) {
                LOG.info("Recorded {} agents as disconnected at stop", left);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record the agents as disconnected at stop (the next start does it): {}",
                    e.toString());
        }
    }

    /**
     * The orchestrator's intake is full (or relieved): stop (or resume) reading every accepted
     * connection. Reads already under way finish; agents' further reports wait in their outboxes.
     */
    @Override
    public void intakeSaturated(boolean saturated) {
        intakeSaturated = saturated;
        connections.forEach(channel -> channel.config().setAutoRead(!saturated));
    }

    boolean isIntakeSaturated() {
        return intakeSaturated;
    }

    /** The port actually bound (useful with port 0 in tests); -1 before start. */
    public synchronized int boundPort() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public boolean isConnected(String agentId) {
        return presence.isConnected(agentId);
    }

    @Override
    public void disconnect(String agentId, String reason) {
        connections.channel(agentId).ifPresent(channel -> {
            LOG.info("Closing the connection of agent {}: {}", agentId, reason);
            channel.close();
        });
    }

    @Override
    public void revoked(String agentId, String reason) {
        connections.channel(agentId).ifPresent(channel -> {
            AgentSessionHandler session = channel.attr(AgentSessionHandler.ACCEPTED_SESSION).get();
            LOG.info("Turning agent {} away on its open connection: {}", agentId, reason);
            if (session != null && session.isAccepted()) {
                session.turnAway(Replies.REVOKED, reason);
            } else {
                channel.close();
            }
        });
    }

    @Override
    public int connectedCount() {
        return presence.connectedCount();
    }

    @Override
    public boolean deploy(String agentId, HostDeployment deployment) {
        grants.grant(agentId, deployment.commandId(), deployment.bundleSha256());
        DeployCommand.Builder wire = DeployCommands.toWire(deployment).toBuilder();
        // Signed now, not when the work was planned: the URL's lifetime starts with this send.
        bundles.presignedGet(deployment.bundleSha256(), presignedUrlLifetime)
                .ifPresent(url -> wire.setBundleUrl(url.toString()));
        return send(agentId, Envelope.newBuilder().setDeployCommand(wire));
    }

    @Override
    public void entrust(String agentId, String commandId, String bundleSha256) {
        grants.grant(agentId, commandId, bundleSha256);
    }

    @Override
    public void withdraw(String agentId, String commandId) {
        grants.withdraw(agentId, commandId);
    }

    @Override
    public boolean cancel(String agentId, String commandId, boolean allowRunningHooksToFinish) {
        return send(agentId, Envelope.newBuilder().setCancelCommand(
                DeployCommands.cancel(commandId, allowRunningHooksToFinish)));
    }

    @Override
    public boolean trafficStep(String agentId, String commandId, String event, boolean ok, String failure,
            String message) {
        return send(agentId, Envelope.newBuilder().setTrafficStepResult(
                DeployCommands.trafficStep(commandId, event, ok, failure, message)));
    }

    @Override
    public boolean routerCall(String agentId, RouterCall call) {
        return send(agentId, Envelope.newBuilder().setRouterCommand(DeployCommands.routerCommand(call)));
    }

    /** Queues {@code message} on the agent's accepted connection; {@code false} when it has none. */
    private boolean send(String agentId, Envelope.Builder message) {
        Optional<AgentSessionHandler> session = connections.channel(agentId)
                .map(channel -> channel.attr(AgentSessionHandler.ACCEPTED_SESSION).get())
                .filter(AgentSessionHandler::isAccepted);
        session.ifPresent(s -> s.sendBatched(message));
        return session.isPresent();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
