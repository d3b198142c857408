package dev.hoist.agent.connection;

import dev.hoist.agent.identity.AgentTls;
import dev.hoist.agent.identity.CaPin;
import dev.hoist.agent.identity.ControllerAddress;
import dev.hoist.agent.identity.ControllerTrustManager;
import dev.hoist.protocol.frame.EnvelopeDecoder;
import dev.hoist.protocol.frame.EnvelopeEncoder;
import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameErrorListener;
import dev.hoist.protocol.frame.FrameLimits;
import dev.hoist.protocol.v1.EnrollRequest;
import dev.hoist.protocol.v1.EnrollResponse;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HostFacts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The enrollment exchange with the controller: TLS to the gateway with the enrollment SNI name, the
 * controller's chain checked against the CA pin during the handshake (so a wrong pin stops the exchange
 * before anything is sent), then one {@code EnrollRequest} (with this host's facts) and its
 * {@code EnrollResponse}, translated by {@link WireTranslator}.
 */
public final class EnrollmentExchange {
    /** The SNI name that takes a connection to the gateway's enrollment exchange. */
    public static final String DEFAULT_SERVER_NAME = "enroll.hoist";

    private final Clock clock;
    private final Duration timeout;
    private final String serverName;
    private final HostFactsCollector facts;

    public EnrollmentExchange(Clock clock, Duration timeout, String serverName, HostFactsCollector facts) {
        this.clock = clock;
        this.timeout = timeout;
        this.serverName = serverName;
        this.facts = facts;
    }

    /**
     * Sends {@code request} and returns the controller's answer, whatever its status.
     *
     * @throws EnrollmentException when no answer came: wrong pin, controller unreachable, TLS failure, silence
     */
    public EnrollmentAnswer exchange(ControllerAddress controller, CaPin pin, EnrollmentRequest enrollment)
            throws EnrollmentException, InterruptedException {
        HostFacts hostFacts = facts.collect();
        EnrollRequest request = WireTranslator.enrollRequest(enrollment, hostFacts);
        ControllerTrustManager trust = ControllerTrustManager.pinned(pin, clock);
        SslContext sslContext;
        try {
            sslContext = AgentTls.forEnrollment(trust);
        } catch (SSLException e) {
            throw new EnrollmentException(EnrollmentException.Reason.TLS_FAILED, "cannot set up TLS: " + e.getMessage());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hoist-agent-enroll"),
                NioIoHandler.newFactory());
        CompletableFuture<EnrollResponse> answer = new CompletableFuture<>();
        FrameErrorListener frameErrors = (channel, error) -> answer.completeExceptionally(new EnrollmentException(
                EnrollmentException.Reason.NO_ANSWER, "the controller sent a bad frame: " + error.detail()));
        try {
            new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 30_000))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // The SNI name picks the enrollment exchange; the TCP peer is the controller's address.
                            ch.pipeline()
                                    .addLast(sslContext.newHandler(ch.alloc(), serverName, controller.port()))
                                    .addLast(new FrameDecoder(FrameLimits.DEFAULT_MAX_FRAME_BYTES, frameErrors))
                                    .addLast(new EnvelopeDecoder(frameErrors))
                                    .addLast(new EnvelopeEncoder(FrameLimits.DEFAULT_MAX_FRAME_BYTES))
                                    .addLast(new ExchangeHandler(request, answer, trust, pin));
                        }
                    })
                    .connect(controller.host(), controller.port())
                    .addListener(connect -> {
                        if (!connect.isSuccess()) {
                            answer.completeExceptionally(new EnrollmentException(EnrollmentException.Reason.UNREACHABLE,
                                    "cannot reach the controller at " + controller + ": "
                                            + connect.cause().getMessage()));
                        }
                    });
            return WireTranslator.enrollmentAnswer(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EnrollmentException refusal) {
                throw refusal;
            }
            throw new EnrollmentException(EnrollmentException.Reason.NO_ANSWER, e.getCause().toString());
        } catch (TimeoutException e) {
            throw new EnrollmentException(EnrollmentException.Reason.NO_ANSWER,
                    "the controller at " + controller + " did not answer within " + timeout.toSeconds() + " s");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Sends the request once the controller is proven, and hands back the one answer. */
    private static final class ExchangeHandler extends SimpleChannelInboundHandler<Envelope> {
        private final EnrollRequest request;
        private final CompletableFuture<EnrollResponse> answer;
        private final ControllerTrustManager trust;
        private final CaPin pin;

        ExchangeHandler(EnrollRequest request, CompletableFuture<EnrollResponse> answer, ControllerTrustManager trust,
                CaPin pin) {
            this.request = request;
            this.answer = answer;
            this.trust = trust;
            this.pin = pin;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    ctx.writeAndFlush(Envelope.newBuilder().setSeq(1).setEnrollRequest(request).build());
                } else {
                    fail(ctx, handshake.cause());
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
            if (envelope.hasEnrollResponse()) {
                answer.complete(envelope.getEnrollResponse());
            } else if (envelope.hasRefusal()) {
                answer.completeExceptionally(new EnrollmentException(EnrollmentException.Reason.NO_ANSWER,
                        "the controller refused the request: " + envelope.getRefusal().getMessage()));
            }
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new EnrollmentException(EnrollmentException.Reason.NO_ANSWER,
                    "the controller closed the connection without answering"));
            ctx.fireChannelInactive();
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (trust.pinMismatch()) {
                answer.completeExceptionally(new EnrollmentException(EnrollmentException.Reason.PIN_MISMATCH,
                        "the controller's CA does not match the pin " + pin + ": the controller presented CA pin "
                                + trust.presentedText()
                                + ". Nothing was sent. Check the --ca-pin value, or that --controller names the "
                                + "right controller"));
            } else {
                answer.completeExceptionally(new EnrollmentException(EnrollmentException.Reason.TLS_FAILED,
                        "TLS with the controller failed: " + rootMessage(cause)));
            }
            ctx.close();
        }

        private static String rootMessage(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        }
    }
}
