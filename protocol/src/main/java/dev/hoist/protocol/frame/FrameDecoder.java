package dev.hoist.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into frames: a 4-byte big-endian length, then that many bytes. Emits
 * each frame's body as a {@link ByteBuf} (the next handler releases it). A length above the maximum
 * refuses the connection at once, before its body is buffered: the listener hears of it, every byte
 * still arriving is dropped, and the channel is closed.
 *
 * <p>Holds per-connection state: one instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private final FrameErrorListener listener;
    private boolean refused;

    public FrameDecoder(int maxFrameBytes, FrameErrorListener listener) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, not " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused || !ctx.channel().isOpen()) {
            // Refused, or closed by a later handler's refusal: nothing more is read or reported.
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= FrameLimits.LENGTH_PREFIX_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameBytes) {
                if (!out.isEmpty()) {
                    // The frames before this one go on first: one of them may be the first bad input, whose
                    // refusal then closes the connection; this one is refused only if none was.
                    return;
                }
                refused = true;
                in.skipBytes(in.readableBytes());
                listener.frameRefused(ctx.channel(), new FrameError(FrameError.Kind.OVERSIZED,
                        "frame of " + length + " bytes announced; the maximum is " + maxFrameBytes));
                ctx.close();
                return;
            }
            if (in.readableBytes() < FrameLimits.LENGTH_PREFIX_BYTES + length) {
                return; // wait for the rest of the frame
            }
            in.skipBytes(FrameLimits.LENGTH_PREFIX_BYTES);
            out.add(in.readRetainedSlice((int) length));
        }
    }
}
