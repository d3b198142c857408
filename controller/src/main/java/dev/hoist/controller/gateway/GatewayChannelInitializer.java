package dev.hoist.controller.gateway;

import dev.hoist.protocol.frame.EnvelopeDecoder;
import dev.hoist.protocol.frame.EnvelopeEncoder;
import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameErrorListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pipeline of every gateway connection, for those the {@link HandshakeGate} admits: TLS (the
 * SNI name picks the agent or the enrollment context), frame decoder with its maximum, envelope codec, frame counter, idle handler, and the
 * {@link ConnectionRouter} that turns into the session or the enrollment handler once the SNI name is known.
 */
final class GatewayChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayChannelInitializer.class);

    private final GatewayContext context;
    private final EnvelopeEncoder encoder;
    private final FrameCountingHandler frameCounter;
    private final FrameErrorListener frameErrors;

    GatewayChannelInitializer(GatewayContext context) {
        this.context = context;
        this.encoder = new EnvelopeEncoder(context.maxFrameBytes());
        this.frameCounter = new FrameCountingHandler(context.metrics());
        this.frameErrors = (channel, error) -> {
            context.metrics().frameRefused(error.kind());
            LOG.warn("Closing the connection from {}: {}", channel.remoteAddress(), error.detail());
        };
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelHandler handshakeSlot = context.handshakes().admit();
        if (handshakeSlot == null) {
            context.metrics().handshakeShed();
            channel.close();
            return;
        }
        long heartbeatMillis = context.heartbeatInterval().toMillis();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tls", new SniHandler(context.tls()::contextFor));
        pipeline.addLast("handshake-slot", handshakeSlot);
        pipeline.addLast(ConnectionRouter.FRAMES, new FrameDecoder(context.maxFrameBytes(), frameErrors));
        pipeline.addLast("envelopes", new EnvelopeDecoder(frameErrors));
        pipeline.addLast("encoder", encoder);
        pipeline.addLast("frame-counter", frameCounter);
        pipeline.addLast(ConnectionRouter.IDLE,
                new IdleStateHandler(3 * heartbeatMillis, heartbeatMillis, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("router", new ConnectionRouter(context, frameErrors));
    }
}
