package dev.hoist.controller.gateway;

import dev.hoist.protocol.v1.Envelope;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts envelopes going in and out. Stateless apart from the shared meters, so one serves every channel. */
@Sharable
final class FrameCountingHandler extends ChannelDuplexHandler {
    private final GatewayMetrics metrics;

    FrameCountingHandler(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Envelope) {
            metrics.frameIn();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Envelope) {
            metrics.frameOut();
        }
        ctx.write(msg, promise);
    }
}
