package dev.hoist.agent.connection;

import com.google.protobuf.ByteString;
import dev.hoist.agent.exchange.DeploymentMessageHandler;
import dev.hoist.agent.identity.AgentCredentials;
import dev.hoist.agent.identity.AgentTls;
import dev.hoist.agent.identity.CertificateRequests;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.ControllerTrustManager;
import dev.hoist.agent.identity.CredentialStore;
import dev.hoist.protocol.frame.EnvelopeDecoder;
import dev.hoist.protocol.frame.EnvelopeEncoder;
import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameErrorListener;
import dev.hoist.protocol.frame.FrameLimits;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HelloAccepted;
import dev.hoist.protocol.v1.HelloRefused;
import dev.hoist.protocol.v1.HostFacts;
import dev.hoist.protocol.v1.RenewRequest;
import dev.hoist.protocol.v1.RenewResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to its controller, kept up until the agent stops: connects with its client
 * certificate, reconnects after any loss with capped, jittered back-off scheduled on the event loop,
 * obeys a refused hello's action, and renews the certificate at two thirds of its life.
 *
 * <p>Invariants: all state below is touched on the one event loop only, except {@code credentials}
 * (read anywhere, replaced on the event loop); file work, key generation and fact collection run on the
 * {@code hoist-agent-work} executor; at most one connection attempt or connection exists at a time.
 *
 * <p>The event loop group and the work executor are given to it (the composition root makes them with
 * {@link #newEventLoopGroup()} and {@link #newWorkExecutor()}); {@link #close()} shuts them down.
 */
public final class ControllerConnection {
    /** Exit status when the controller said STOP (revoked, unknown agent). */
    public static final int EXIT_STOPPED_BY_CONTROLLER = 11;
    /** Exit status when the controller speaks no protocol version this agent does. */
    public static final int EXIT_UPGRADE_NEEDED = 12;
    /** Exit status when this agent's certificate has expired: it must enroll again. */
    public static final int EXIT_CERTIFICATE_EXPIRED = 13;

    private static final Logger LOG = LoggerFactory.getLogger(ControllerConnection.class);
    /** However the clocks disagree, renewals are at least this far apart. */
    private static final Duration MIN_RENEWAL_SPACING = Duration.ofMinutes(1);
    private static final Duration RENEWAL_RETRY = Duration.ofHours(1);

    /** Tunables; {@link #defaults()} is what {@code hoist-agent run} uses. */
    public record Settings(int maxFrameBytes, Duration initialBackoff, Duration maxBackoff,
            Duration heartbeatBeforeHello, Duration connectTimeout) {
        public static Settings defaults() {
            return new Settings(FrameLimits.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(1), Duration.ofSeconds(60),
                    Duration.ofSeconds(15), Duration.ofSeconds(10));
        }
    }

    private final CredentialStore store;
    private final Clock clock;
    private final DeploymentMessageHandler deployments;
    private final Settings settings;
    private final HostFactsCollector facts;
    private final Backoff backoff;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService work;
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();
    private final EnvelopeEncoder encoder;
    private final FrameErrorListener frameErrors = (channel, error) ->
            LOG.error("Closing the connection: the controller sent a bad frame ({}: {})", error.kind(), error.detail());

    private volatile AgentCredentials credentials;
    private volatile boolean connected;
    private SslContext sslContext;
    private Channel channel;
    private ControllerSessionHandler session;
    private ScheduledFuture<?> renewalTimer;
    private KeyPair pendingRenewalKey;
    private Instant lastRenewal;
    private boolean stopping;
    /** Connection attempts so far: each goes to the next of the controllers' addresses. Event loop only. */
    private long attempts;

    /**
     * @param facts what the hello and the heartbeats say about this host
     * @param group the event loop the connection runs on (its first loop is used); closed by {@link #close()}
     * @param work where file work, key generation and fact collection run; closed by {@link #close()}
     */
    public ControllerConnection(CredentialStore store, AgentCredentials credentials, Clock clock,
            DeploymentMessageHandler deployments, Settings settings, HostFactsCollector facts, EventLoopGroup group,
            ExecutorService work) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
        this.deployments = deployments;
        this.settings = settings;
        this.facts = facts;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.group = group;
        this.loop = group.next();
        this.work = work;
        this.encoder = new EnvelopeEncoder(settings.maxFrameBytes());
    }

    /** The one I/O thread, {@code hoist-agent-io}, that a connection needs. */
    public static EventLoopGroup newEventLoopGroup() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hoist-agent-io"), NioIoHandler.newFactory());
    }

    /** The {@code hoist-agent-work} thread for what must not run on the event loop. */
    public static ExecutorService newWorkExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoist-agent-work");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting; the future completes with the exit status once the agent stops for good. */
    public CompletableFuture<Integer> start() {
        LOG.info("Agent {} connecting to {} (TLS: {})", credentials.agentId(), credentials.controllers(),
                AgentTls.providerDescription());
        loop.execute(this::connect);
        return finished;
    }

    /** Closes the connection and stops reconnecting; completes the start future with status 0. */
    public void stop() {
        stop(0);
    }

    /** Closes the connection and stops reconnecting; completes the start future with {@code status}. */
    public void stop(int status) {
        loop.execute(() -> finish(status));
    }

    /** Stops and releases the event loop and executor, waiting up to a few seconds. */
    public void close() {
        if (!finished.isDone()) {
            LOG.info("Stopping: closing the connection to the controller");
        }
        stop();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        work.shutdownNow();
    }

    /** The credentials in use (renewed ones once a renewal completed). */
    public AgentCredentials credentials() {
        return credentials;
    }

    /** Whether the controller accepted this agent's hello on the current connection. */
    public boolean isConnected() {
        return connected;
    }

    Clock clock() {
        return clock;
    }

    DeploymentMessageHandler deployments() {
        return deployments;
    }

    CompletableFuture<HostFacts> collectFacts() {
        return CompletableFuture.supplyAsync(facts::collect, work);
    }

    private void connect() {
        if (stopping) {
            return;
        }
        AgentCredentials current = credentials;
        if (!current.notAfter().isAfter(clock.instant())) {
            LOG.error("This agent's certificate expired at {}. Enroll it again with a new join token: "
                    + "hoist-agent enroll --controller {} --token TOKEN --ca-pin PIN", current.notAfter(),
                    current.controllers());
            finish(EXIT_CERTIFICATE_EXPIRED);
            return;
        }
        try {
            if (sslContext == null) {
                sslContext = AgentTls.forAgent(ControllerTrustManager.anchoredIn(current.caCertificates(), clock),
                        current.privateKey(), current.certificate());
            }
        } catch (SSLException e) {
            LOG.error("Cannot set up TLS with this agent's key and certificate: {}", e.getMessage());
            finish(EXIT_CERTIFICATE_EXPIRED);
            return;
        }
        ControllerAddress target = current.controllers().forAttempt(attempts);
        if (current.controllers().size() > 1) {
            LOG.info("Connecting to the controller at {}", target);
        }
        String host = target.host();
        int port = target.port();
        SslContext context = sslContext;
        session = new ControllerSessionHandler(this, current.agentId());
        ControllerSessionHandler handler = session;
        long heartbeat = settings.heartbeatBeforeHello().toMillis();
        new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", context.newHandler(ch.alloc(), host, port))
                                .addLast("frames", new FrameDecoder(settings.maxFrameBytes(), frameErrors))
                                .addLast("envelopes", new EnvelopeDecoder(frameErrors))
                                .addLast("encoder", encoder)
                                .addLast(ControllerSessionHandler.IDLE,
                                        new IdleStateHandler(3 * heartbeat, heartbeat, 0, TimeUnit.MILLISECONDS))
                                .addLast("session", handler);
                    }
                })
                .connect(host, port)
                .addListener(future -> {
                    if (future.isSuccess()) {
                        channel = ((ChannelFuture) future).channel();
                        if (stopping) {
                            channel.close();
                        }
                    } else {
                        LOG.warn("Cannot reach the controller at {}: {}", target,
                                future.cause().getMessage());
                        scheduleReconnect();
                    }
                });
    }

    void onAccepted(HelloAccepted hello) {
        connected = true;
        backoff.reset();
        LOG.info("Connected to the controller as agent {} (protocol {}, controller {}, heartbeat every {}s)",
                hello.getAgentId(), hello.getProtocolVersion(), hello.getControllerVersion(),
                hello.getHeartbeatIntervalSeconds());
        scheduleRenewal();
    }

    void onHelloRefused(HelloRefused refused) {
        switch (refused.getAction()) {
            case STOP -> {
                LOG.error("The controller refused this agent ({}): {}. Stopping; it will not reconnect.",
                        refused.getCode(), refused.getReason());
                deployments.onRefusedByController("the controller refused this agent (" + refused.getCode() + ": "
                        + refused.getReason() + ")");
                finish(EXIT_STOPPED_BY_CONTROLLER);
            }
            case UPGRADE -> {
                LOG.error("The controller refused this agent ({}): {}. It speaks protocol versions {}; stopping.",
                        refused.getCode(), refused.getReason(), refused.getSupportedProtocolVersionsList());
                finish(EXIT_UPGRADE_NEEDED);
            }
            default -> LOG.warn("The controller asked this agent to come back later ({}): {}", refused.getCode(),
                    refused.getReason());
        }
    }

    void onClosed(boolean wasAccepted) {
        connected = false;
        channel = null;
        cancelRenewal();
        if (wasAccepted) {
            LOG.warn("Lost the connection to the controller");
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (stopping) {
            return;
        }
        // The next attempt goes to the next controller: the one just lost or refused may be the one that is down.
        attempts++;
        Duration delay = backoff.nextDelay();
        LOG.info("Reconnecting in {} ms", delay.toMillis());
        loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleRenewal() {
        cancelRenewal();
        Instant now = clock.instant();
        Instant due = credentials.renewAt();
        if (lastRenewal != null && due.isBefore(lastRenewal.plus(MIN_RENEWAL_SPACING))) {
            due = lastRenewal.plus(MIN_RENEWAL_SPACING);
        }
        long delayMillis = Math.max(0, Duration.between(now, due).toMillis());
        renewalTimer = loop.schedule(this::requestRenewal, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelRenewal() {
        if (renewalTimer != null) {
            renewalTimer.cancel(false);
            renewalTimer = null;
        }
        pendingRenewalKey = null;
    }

    private void requestRenewal() {
        ControllerSessionHandler current = session;
        if (current == null || !current.isAccepted()) {
            return; // the next accepted hello schedules it again
        }
        LOG.info("Renewing this agent's certificate (it expires at {})", credentials.notAfter());
        CompletableFuture.supplyAsync(() -> {
            KeyPair keyPair = CertificateRequests.newKeyPair();
            return new RenewalKey(keyPair, CertificateRequests.csr(keyPair, credentials.agentId()));
        }, work).thenAcceptAsync(made -> {
            pendingRenewalKey = made.keyPair();
            current.send(Envelope.newBuilder().setRenewRequest(RenewRequest.newBuilder()
                    .setCsrDer(ByteString.copyFrom(made.csr())).setAgentId(credentials.agentId())));
        }, loop);
    }

    void onRenewResponse(RenewResponse response) {
        KeyPair key = pendingRenewalKey;
        pendingRenewalKey = null;
        if (key == null) {
            LOG.warn("Ignoring a renewal answer nobody asked for");
            return;
        }
        if (!response.getOk()) {
            LOG.warn("The controller refused to renew this agent's certificate: {}. Trying again in {}",
                    response.getMessage(), RENEWAL_RETRY);
            renewalTimer = loop.schedule(this::requestRenewal, RENEWAL_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        AgentCredentials before = credentials;
        CompletableFuture.supplyAsync(() -> {
            try {
                X509Certificate certificate = parse(response.getCertificateDer());
                if (!certificate.getPublicKey().equals(key.getPublic())) {
                    throw new CertificateException("the renewed certificate is not for the key this agent sent");
                }
                List<X509Certificate> cas = new ArrayList<>();
                for (ByteString der : response.getCaCertificatesDerList()) {
                    cas.add(parse(der));
                }
                AgentCredentials renewed = before.renewed(key.getPrivate(), certificate, cas);
                store.save(renewed);
                return renewed;
            } catch (CertificateException | IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, work).whenCompleteAsync((renewed, error) -> {
            if (error != null) {
                LOG.error("Keeping the current certificate: the renewed one could not be used or saved: {}",
                        error.getMessage());
                renewalTimer = loop.schedule(this::requestRenewal, RENEWAL_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            credentials = renewed;
            sslContext = null; // the next connection presents the new certificate
            lastRenewal = clock.instant();
            LOG.info("Renewed this agent's certificate; the new one is valid until {}", renewed.notAfter());
            scheduleRenewal();
        }, loop);
    }

    /** A key generated for a renewal and the request that carries its public half. */
    private record RenewalKey(KeyPair keyPair, byte[] csr) {
    }

    private static X509Certificate parse(ByteString der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
    }

    private void finish(int status) {
        stopping = true;
        cancelRenewal();
        if (channel != null) {
            channel.close();
        }
        finished.complete(status);
    }
}
