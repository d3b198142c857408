package dev.hoist.agent.connection;

import dev.hoist.agent.AgentVersion;
import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.Heartbeat;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HelloAccepted;
import dev.hoist.protocol.v1.Refusal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the controller, from the TLS handshake to its close: says hello with host facts,
 * keeps the connection alive with heartbeats, and passes renewal answers and deployment work on,
 * translated by {@link WireTranslator} both ways (it is the deployment work's {@link ControllerLink}).
 * Decisions that outlive the connection (reconnect, stop, renew) belong to {@link ControllerConnection}.
 */
final class ControllerSessionHandler extends SimpleChannelInboundHandler<Envelope> implements ControllerLink {
    static final int PROTOCOL_VERSION = 1;
    static final String IDLE = "idle";
    private static final Logger LOG = LoggerFactory.getLogger(ControllerSessionHandler.class);

    private final ControllerConnection connection;
    private final String agentId;
    private ChannelHandlerContext ctx;
    private boolean accepted;
    private boolean tcpConnected;
    private boolean helloRefused;
    private boolean certificateRefused;
    /** The TLS failure seen before the hello was answered, if any, to quote when the connection closes. */
    private String tlsFailure;
    private long nextSeq = 1;

    ControllerSessionHandler(ControllerConnection connection, String agentId) {
        this.connection = connection;
        this.agentId = agentId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void send(AgentReport report) {
        send(WireTranslator.envelope(report, agentId));
    }

    /** Sends {@code message} (its sequence number is set here). May be called from any thread. */
    void send(Envelope.Builder message) {
        if (ctx.executor().inEventLoop()) {
            ctx.writeAndFlush(message.setSeq(nextSeq++).build(), ctx.voidPromise());
        } else {
            ctx.executor().execute(() -> send(message));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        tcpConnected = true;
        context.fireChannelActive();
    }

    boolean isAccepted() {
        return accepted;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                connection.collectFacts().thenAccept(facts -> send(Envelope.newBuilder().setHello(Hello.newBuilder()
                        .addProtocolVersions(PROTOCOL_VERSION)
                        .setAgentVersion(AgentVersion.current())
                        .setFacts(facts)
                        .addAllPendingCommandIds(connection.deployments().pendingCommandIds())
                        .setAgentId(agentId))));
            } else {
                noteTlsFailure(handshake.cause());
                context.close();
            }
        } else if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                LOG.warn("The controller sent nothing for three heartbeat intervals; reconnecting");
                context.close();
            } else if (idle.state() == IdleState.WRITER_IDLE && accepted) {
                connection.collectFacts().thenAccept(facts -> send(Envelope.newBuilder().setHeartbeat(
                        Heartbeat.newBuilder().setSentAtUnixMillis(connection.clock().millis())
                                .setFacts(facts).setAgentId(agentId))));
            }
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Envelope envelope) {
        switch (envelope.getBodyCase()) {
            case HELLO_ACCEPTED -> onAccepted(context, envelope.getHelloAccepted());
            case HELLO_REFUSED -> {
                helloRefused = true;
                connection.onHelloRefused(envelope.getHelloRefused());
            }
            case HEARTBEAT -> { } // its arrival is what counts
            case RENEW_RESPONSE -> connection.onRenewResponse(envelope.getRenewResponse());
            case DEPLOY_COMMAND -> connection.deployments().onDeploy(
                    WireTranslator.deploy(envelope.getDeployCommand()), this);
            case CANCEL_COMMAND -> connection.deployments().onCancel(
                    WireTranslator.cancel(envelope.getCancelCommand()), this);
            case BUNDLE_CHUNK -> connection.deployments().onBundlePart(
                    WireTranslator.bundlePart(envelope.getBundleChunk()), this);
            case HOST_RESULT_ACK -> connection.deployments().onResultAcknowledged(
                    WireTranslator.resultAcknowledged(envelope.getHostResultAck()), this);
            case TRAFFIC_STEP_RESULT -> connection.deployments().onTrafficStep(
                    WireTranslator.trafficStep(envelope.getTrafficStepResult()), this);
            case ROUTER_COMMAND -> connection.deployments().onRouterRequest(
                    WireTranslator.routerRequest(envelope.getRouterCommand()), this);
            case REFUSAL -> LOG.warn("The controller refused message {}: {} {}", envelope.getRefusal().getRefusedSeq(),
                    envelope.getRefusal().getCode(), envelope.getRefusal().getMessage());
            case BODY_NOT_SET -> refuse(envelope, "UNKNOWN_MESSAGE",
                    "the envelope carries no message this agent knows (protocol version " + PROTOCOL_VERSION + ")");
            default -> refuse(envelope, "NOT_ALLOWED", envelope.getBodyCase() + " is not sent to agents");
        }
    }

    private void onAccepted(ChannelHandlerContext context, HelloAccepted hello) {
        accepted = true;
        long intervalMillis = TimeUnit.SECONDS.toMillis(Math.max(1, hello.getHeartbeatIntervalSeconds()));
        context.pipeline().replace(IDLE, IDLE,
                new IdleStateHandler(3 * intervalMillis, intervalMillis, 0, TimeUnit.MILLISECONDS));
        connection.onAccepted(hello);
        connection.deployments().onConnected(this);
    }

    private void refuse(Envelope envelope, String code, String message) {
        LOG.warn("Refusing message {} from the controller ({}): {}", envelope.getSeq(), code, message);
        send(Envelope.newBuilder().setRefusal(Refusal.newBuilder()
                .setRefusedSeq(envelope.getSeq()).setCode(code).setMessage(message)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            noteTlsFailure(cause);
        } else {
            LOG.warn("Connection to the controller failed: {}", cause.toString());
        }
        context.close();
    }

    /**
     * A TLS failure naming certificates, before the hello was answered, means the controller turned this
     * agent's certificate away (with TLS 1.3 the client only learns after its side of the handshake).
     * Other TLS failures before the answer are quoted when the connection closes.
     */
    private void noteTlsFailure(Throwable cause) {
        String text = String.valueOf(cause.getMessage()) + " " + cause.getCause();
        if (accepted) {
            LOG.warn("TLS with the controller failed: {}", cause.getMessage());
        } else if (!certificateRefused && text.toLowerCase(Locale.ROOT).contains("certificate")) {
            certificateRefused = true;
            connection.deployments().onRefusedByController("the controller refused this agent's certificate ("
                    + cause.getMessage() + ")");
            LOG.error("The controller refused this agent's certificate during the TLS handshake ({}). The "
                    + "certificate is expired, revoked or from another CA: enroll this agent again with a new "
                    + "join token (hoist-agent enroll ...). Retrying with back-off meanwhile.", cause.getMessage());
        } else if (tlsFailure == null) {
            tlsFailure = cause.getMessage();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (tcpConnected && !accepted && !helloRefused && !certificateRefused) {
            // TLS 1.3: the server judges the client certificate after the client's side of the handshake,
            // so a refused certificate shows up as a close (or a vague TLS error) before any answer.
            LOG.error("The controller at {} closed the connection before accepting this agent{}: it most likely "
                    + "refused this agent's certificate (revoked, expired or from another CA). Check with "
                    + "'hoist agent get {}' on the controller; if the agent is revoked or its certificate expired, "
                    + "enroll it again with a new join token (hoist-agent enroll ...). Retrying with back-off.",
                    context.channel().remoteAddress(), tlsFailure == null ? "" : " (" + tlsFailure + ")", agentId);
        }
        if (accepted) {
            connection.deployments().onDisconnected(this);
        }
        connection.onClosed(accepted);
        context.fireChannelInactive();
    }
}
