package dev.hoist.controller.gateway;

import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.Heartbeat;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HelloAccepted;
import dev.hoist.protocol.v1.HelloRefused;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.HostResultAck;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.RenewRequest;
import dev.hoist.protocol.v1.RouterResult;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated agent connection, from the end of the TLS handshake to its close: it routes each
 * message to the part that handles it ({@link SessionAuthenticator} for the identity and the hello,
 * {@link CertificateRenewal}, {@link AgentReportRouter} for deployment reports, {@link BundleTransfers})
 * and writes their answers back on the channel's event loop.
 *
 * <p>Invariants: the agent id is the one in the verified certificate and never changes; nothing but a
 * {@code Hello} is accepted before the hello is answered; any message naming another agent is refused
 * and logged; store calls, signing and deployment reports run on the work executor, in order per agent,
 * and their answers are written back on this channel's event loop. Sequence numbers are assigned on the
 * event loop only, including for commands written from other threads ({@link #sendBatched}).
 */
final class AgentSessionHandler extends SimpleChannelInboundHandler<Envelope> {
    /** The session of an accepted connection, on its channel: how commands reach the agent. */
    static final AttributeKey<AgentSessionHandler> ACCEPTED_SESSION = AttributeKey.valueOf("hoist.session");
    private static final Logger LOG = LoggerFactory.getLogger(AgentSessionHandler.class);
    private static final String CONTROLLER_VERSION = controllerVersion();

    private final GatewayContext context;
    private ChannelHandlerContext ctx;
    private String agentId;
    /** A hello came: from then on the registry may hold this connection, so its close is recorded too. */
    private boolean helloReceived;
    private volatile boolean helloAccepted;
    private boolean flushScheduled;
    private BundleTransfers bundles;
    private long nextSeq = 1;

    AgentSessionHandler(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext added) {
        this.ctx = added;
    }

    /**
     * Writes {@code envelope} from any thread. Writes queued in the same event-loop turn share one flush:
     * a deployment to many agents at once costs a flush per connection, not one per message.
     */
    void sendBatched(Envelope.Builder envelope) {
        ctx.executor().execute(() -> {
            ctx.write(envelope.setSeq(nextSeq++).build(), ctx.voidPromise());
            if (!flushScheduled) {
                flushScheduled = true;
                ctx.executor().execute(() -> {
                    flushScheduled = false;
                    ctx.flush();
                });
            }
        });
    }

    /**
     * Turns the agent away on this live connection: a {@code HelloRefused} with action STOP (the agent
     * then cancels what it runs for this controller and stops), written after anything queued, then the
     * connection is closed. From any thread.
     */
    void turnAway(String code, String reason) {
        ctx.executor().execute(() -> {
            context.metrics().refused(code);
            Envelope refusal = Replies.helloRefused(code, reason, HelloRefused.Action.STOP).setSeq(nextSeq++).build();
            ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
        });
    }

    boolean isAccepted() {
        return helloAccepted && ctx.channel().isActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                authenticate(ctx);
            } else {
                HandshakeOutcome.refuse(ctx, context.metrics(), handshake);
            }
        } else if (event instanceof IdleStateEvent idle) {
            onIdle(ctx, idle);
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Takes the agent id from the verified certificate. Checked again here, not only in the trust manager,
     * because a resumed TLS session skips the trust manager: a revoked agent must not resume its way in.
     */
    private void authenticate(ChannelHandlerContext ctx) {
        try {
            agentId = context.authenticator().agentOf(ctx);
        } catch (SSLPeerUnverifiedException | CertificateException | RuntimeException e) {
            HandshakeOutcome.refuse(ctx, context.metrics(), HandshakeOutcome.rootMessage(e));
            return;
        }
        context.metrics().handshakeSucceeded();
        LOG.debug("Agent {} authenticated from {}", agentId, ctx.channel().remoteAddress());
    }

    private void onIdle(ChannelHandlerContext ctx, IdleStateEvent idle) {
        if (idle.state() == IdleState.READER_IDLE) {
            LOG.info("Agent {} sent nothing for three heartbeat intervals ({} each); closing its connection",
                    agentId, context.heartbeatInterval());
            ctx.close();
        } else if (idle.state() == IdleState.WRITER_IDLE && helloAccepted) {
            send(ctx, Envelope.newBuilder().setHeartbeat(
                    Heartbeat.newBuilder().setSentAtUnixMillis(context.clock().millis())));
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (agentId == null) {
            return; // not authenticated (closing): nothing is read
        }
        if (!helloAccepted && envelope.getBodyCase() != Envelope.BodyCase.HELLO) {
            refuse(ctx, envelope, Replies.PROTOCOL_ERROR, "say Hello and wait for its answer before sending a "
                    + envelope.getBodyCase());
            return;
        }
        switch (envelope.getBodyCase()) {
            case HELLO -> onHello(ctx, envelope);
            case HEARTBEAT -> onHeartbeat(ctx, envelope);
            case RENEW_REQUEST -> onRenewRequest(ctx, envelope);
            case REFUSAL -> LOG.warn("Agent {} refused message {}: {} {}", agentId,
                    envelope.getRefusal().getRefusedSeq(), envelope.getRefusal().getCode(),
                    envelope.getRefusal().getMessage());
            case COMMAND_ACK -> onCommandAck(envelope.getCommandAck());
            case EVENT_STATUS -> onEventStatus(ctx, envelope);
            case LOG_LINES -> onLogLines(ctx, envelope);
            case HOST_RESULT -> onHostResult(ctx, envelope);
            case ROUTER_RESULT -> onRouterResult(ctx, envelope);
            case BUNDLE_REQUEST -> bundles(ctx).request(envelope.getBundleRequest());
            case ENROLL_REQUEST -> refuse(ctx, envelope, Replies.NOT_ALLOWED,
                    "an enrolled agent does not enroll again on its authenticated connection");
            case BODY_NOT_SET -> refuse(ctx, envelope, Replies.UNKNOWN_MESSAGE,
                    "the envelope carries no message this controller knows (protocol version 1)");
            default -> refuse(ctx, envelope, Replies.NOT_ALLOWED,
                    envelope.getBodyCase() + " is sent by the controller, not by agents");
        }
    }

    private void onHello(ChannelHandlerContext ctx, Envelope envelope) {
        if (helloReceived) {
            refuse(ctx, envelope, Replies.PROTOCOL_ERROR, "Hello is sent once per connection");
            return;
        }
        helloReceived = true;
        Hello hello = envelope.getHello();
        context.authenticator().admit(agentId, hello).thenAccept(verdict -> ctx.executor().execute(() -> {
            if (verdict.accepted()) {
                accept(ctx, verdict.version(), hello.getPendingCommandIdsList());
            } else {
                refuseHello(ctx, verdict.code(), verdict.reason(), verdict.action());
            }
        }));
    }

    private void accept(ChannelHandlerContext ctx, int version, List<String> pendingCommandIds) {
        if (!ctx.channel().isActive()) {
            // Closed while its Hello was admitted: the admission recorded it connected, so record it gone,
            // unless a newer connection of the agent has been accepted meanwhile.
            if (context.connections().channel(agentId).isEmpty()) {
                context.presenceWrites().disconnected(agentId, context.clock().instant());
            }
            return;
        }
        helloAccepted = true;
        ctx.channel().attr(ACCEPTED_SESSION).set(this);
        // Only an accepted Hello replaces the agent's live connection: a bare handshake with its certificate
        // (a cloned host, a stale retry) must not cut off the connection that is working.
        context.connections().register(agentId, ctx.channel());
        context.presence().connected(agentId, context.clock().instant());
        context.reports().connected(agentId, pendingCommandIds);
        if (context.intakeSaturated().getAsBoolean()) {
            ctx.channel().config().setAutoRead(false); // read again once the orchestrator's intake has room
        }
        LOG.info("Agent {} connected from {} (protocol {})", agentId, ctx.channel().remoteAddress(), version);
        send(ctx, Envelope.newBuilder().setHelloAccepted(HelloAccepted.newBuilder()
                .setProtocolVersion(version)
                .setAgentId(agentId)
                .setHeartbeatIntervalSeconds((int) Math.max(1, context.heartbeatInterval().toSeconds()))
                .setControllerVersion(CONTROLLER_VERSION)));
    }

    private void refuseHello(ChannelHandlerContext ctx, String code, String reason, HelloRefused.Action action) {
        context.metrics().refused(code);
        LOG.info("Hello of agent {} refused ({}): {}", agentId, code, reason);
        Envelope refusal = Replies.helloRefused(code, reason, action).setSeq(nextSeq++).build();
        ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
    }

    private void onHeartbeat(ChannelHandlerContext ctx, Envelope envelope) {
        Heartbeat heartbeat = envelope.getHeartbeat();
        if (!sameAgent(ctx, envelope, heartbeat.getAgentId()) || !heartbeat.hasFacts()) {
            return;
        }
        context.heartbeats().record(agentId, HostFactsTranslator.fromWire(heartbeat.getFacts()),
                context.clock().instant());
    }

    private void onRenewRequest(ChannelHandlerContext ctx, Envelope envelope) {
        RenewRequest request = envelope.getRenewRequest();
        if (sameAgent(ctx, envelope, request.getAgentId())) {
            context.renewal().renew(agentId, request.getCsrDer().toByteArray()).thenAccept(response ->
                    ctx.executor().execute(() -> send(ctx, Envelope.newBuilder().setRenewResponse(response))));
        }
    }

    private void onCommandAck(CommandAck ack) {
        context.reports().commandAck(agentId, ack);
    }

    private void onEventStatus(ChannelHandlerContext ctx, Envelope envelope) {
        EventStatus status = envelope.getEventStatus();
        if (sameAgent(ctx, envelope, status.getAgentId())) {
            context.reports().eventStatus(agentId, status);
        }
    }

    private void onLogLines(ChannelHandlerContext ctx, Envelope envelope) {
        LogLines lines = envelope.getLogLines();
        if (sameAgent(ctx, envelope, lines.getAgentId())) {
            context.reports().logLines(agentId, lines);
        }
    }

    private void onRouterResult(ChannelHandlerContext ctx, Envelope envelope) {
        RouterResult result = envelope.getRouterResult();
        if (sameAgent(ctx, envelope, result.getAgentId())) {
            context.reports().routerResult(agentId, result);
        }
    }

    /** Acknowledged once the result is committed, so that the agent can forget it. */
    private void onHostResult(ChannelHandlerContext ctx, Envelope envelope) {
        HostResult result = envelope.getHostResult();
        if (sameAgent(ctx, envelope, result.getAgentId())) {
            context.reports().hostResult(agentId, result, commandId -> sendBatched(Envelope.newBuilder()
                    .setHostResultAck(HostResultAck.newBuilder().setCommandId(commandId))));
        }
    }

    private BundleTransfers bundles(ChannelHandlerContext ctx) {
        if (bundles == null) {
            bundles = new BundleTransfers(ctx, agentId, sha256 -> context.grants().mayFetch(agentId, sha256),
                    context.bundles(), context.bundleReads(),
                    context.bundleChunkBytes(), context.metrics(), message -> send(ctx, message));
        }
        return bundles;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (bundles != null) {
            bundles.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** {@code false} (after refusing and logging) when the message names an agent other than the certificate's. */
    private boolean sameAgent(ChannelHandlerContext ctx, Envelope envelope, String claimed) {
        if (claimed.isEmpty() || claimed.equals(agentId)) {
            return true;
        }
        logMismatch(envelope, claimed);
        context.metrics().refused(Replies.IDENTITY_MISMATCH);
        send(ctx, Replies.refusal(envelope.getSeq(), Replies.IDENTITY_MISMATCH, "message " + envelope.getSeq()
                + " names agent " + claimed + " but this connection belongs to agent " + agentId));
        return false;
    }

    private void logMismatch(Envelope envelope, String claimed) {
        LOG.warn("Agent {} (by its certificate) sent a {} naming agent {}; refused", agentId,
                envelope.getBodyCase(), claimed);
    }

    private void refuse(ChannelHandlerContext ctx, Envelope envelope, String code, String message) {
        context.metrics().refused(code);
        LOG.info("Refused {} {} from agent {} ({}): {}", envelope.getBodyCase(), envelope.getSeq(), agentId, code, message);
        send(ctx, Replies.refusal(envelope.getSeq(), code, message));
    }

    private void send(ChannelHandlerContext ctx, Envelope.Builder envelope) {
        ctx.writeAndFlush(envelope.setSeq(nextSeq++).build(), ctx.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (bundles != null) {
            bundles.close();
        }
        // Registered only once its Hello was accepted, and unregistered only if no newer connection replaced it.
        if (agentId != null && context.connections().unregister(agentId, ctx.channel())) {
            String id = agentId;
            LOG.info("Agent {} disconnected", id);
            context.presence().disconnected(id, context.clock().instant());
            context.presenceWrites().disconnected(id, context.clock().instant());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection of agent {} from {} failed: {}", agentId, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static String controllerVersion() {
        String version = AgentSessionHandler.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
