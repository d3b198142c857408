package dev.hoist.controller.gateway;

import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameErrorListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Chooses what a connection is once its SNI name is known, before any application data: the enrollment
 * exchange (small frames, a short deadline, no client certificate) or an agent session. Replaces itself
 * with the chosen handler.
 */
final class ConnectionRouter extends ChannelInboundHandlerAdapter {
    static final String FRAMES = "frames";
    static final String IDLE = "idle";
    /** An enrollment request is a CSR, facts and tags: a few KiB. Unauthenticated peers get no more. */
    static final int ENROLLMENT_MAX_FRAME_BYTES = 64 * 1024;

    private final GatewayContext context;
    private final FrameErrorListener frameErrors;

    ConnectionRouter(GatewayContext context, FrameErrorListener frameErrors) {
        this.context = context;
        this.frameErrors = frameErrors;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SniCompletionEvent sni) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (sni.isSuccess() && context.tls().isEnrollment(sni.hostname())) {
                pipeline.replace(FRAMES, FRAMES, new FrameDecoder(ENROLLMENT_MAX_FRAME_BYTES, frameErrors));
                pipeline.replace(IDLE, IDLE, new IdleStateHandler(
                        context.enrollmentTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                pipeline.replace(this, "enrollment", new EnrollmentHandler(context));
            } else {
                pipeline.replace(this, "session", new AgentSessionHandler(context));
            }
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            HandshakeOutcome.refuse(ctx, context.metrics(), handshake); // not even a TLS client hello
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
