package dev.hoist.protocol.frame;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.hoist.protocol.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Parses one frame body (from {@link FrameDecoder}) into an {@link Envelope}. Bytes that are not an
 * envelope refuse the connection: the listener hears of it and the channel is closed. An empty frame is
 * an envelope with no body; the session answers it with {@code Refusal{UNKNOWN_MESSAGE}}.
 *
 * <p>Holds per-connection state: one instance per channel.
 */
public final class EnvelopeDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final FrameErrorListener listener;
    private boolean refused;

    public EnvelopeDecoder(FrameErrorListener listener) {
        super(ByteBuf.class);
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (refused || !ctx.channel().isOpen()) {
            return; // one refusal per connection; a frame that arrives after it is dropped
        }
        try {
            out.add(Envelope.parseFrom(frame.nioBuffer()));
        } catch (InvalidProtocolBufferException e) {
            refused = true;
            listener.frameRefused(ctx.channel(), new FrameError(FrameError.Kind.UNDECODABLE,
                    "frame of " + frame.readableBytes() + " bytes is not a hoist.v1.Envelope: " + e.getMessage()));
            ctx.close();
        }
    }
}
