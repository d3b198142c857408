package dev.hoist.controller.gateway;

import dev.hoist.protocol.v1.EnrollResponse;
import dev.hoist.protocol.v1.Envelope;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrollment endpoint's session: accepts exactly one {@code EnrollRequest}, answers it with one
 * {@code EnrollResponse} and closes. Anything else is refused and closes the connection.
 */
final class EnrollmentHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentHandler.class);

    private final GatewayContext context;
    private final AgentEnroller enroller;
    private boolean requestReceived;

    EnrollmentHandler(GatewayContext context) {
        this.context = context;
        this.enroller = new AgentEnroller(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                context.metrics().handshakeSucceeded();
            } else {
                HandshakeOutcome.refuse(ctx, context.metrics(), handshake);
            }
        } else if (event instanceof IdleStateEvent) {
            LOG.info("Enrollment connection from {} sent no request within {}; closing",
                    ctx.channel().remoteAddress(), context.enrollmentTimeout());
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (requestReceived) {
            return; // the answer is on its way and the connection closes after it
        }
        if (envelope.getBodyCase() != Envelope.BodyCase.ENROLL_REQUEST) {
            context.metrics().refused(Replies.NOT_ALLOWED);
            LOG.info("Enrollment connection from {} sent a {}; only EnrollRequest is accepted here; closing",
                    ctx.channel().remoteAddress(), envelope.getBodyCase());
            ctx.writeAndFlush(Replies.refusal(envelope.getSeq(), Replies.NOT_ALLOWED,
                    "the enrollment endpoint accepts only EnrollRequest; enrolled agents connect without the "
                            + "enrollment server name").setSeq(1).build())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        requestReceived = true;
        String remote = String.valueOf(ctx.channel().remoteAddress());
        context.work().submit(() -> enroller.enroll(envelope.getEnrollRequest(), remote))
                .whenComplete((response, error) -> ctx.executor().execute(() -> answer(ctx, response, error)));
    }

    private void answer(ChannelHandlerContext ctx, EnrollResponse response, Throwable error) {
        EnrollResponse answer = response;
        if (error != null) {
            String errorId = Long.toHexString(System.nanoTime());
            LOG.error("Enrollment from {} failed (error {})", ctx.channel().remoteAddress(), errorId, error);
            answer = EnrollResponse.newBuilder().setStatus(EnrollResponse.Status.STATUS_UNSPECIFIED)
                    .setMessage("the controller could not complete the enrollment (error " + errorId
                            + " in its log); try again, and tell its operator if this persists")
                    .build();
        }
        context.metrics().enrollment(answer.getStatus() == EnrollResponse.Status.STATUS_UNSPECIFIED
                ? "error" : answer.getStatus().name().toLowerCase(Locale.ROOT));
        ctx.writeAndFlush(Envelope.newBuilder().setSeq(1).setEnrollResponse(answer).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Enrollment connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
