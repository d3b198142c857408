package dev.hoist.protocol.frame;

import com.google.protobuf.CodedOutputStream;
import dev.hoist.protocol.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/**
 * Writes an {@link Envelope} as one frame: its 4-byte big-endian size, then its bytes, into a single
 * buffer. Refuses to send a frame above the maximum, since the peer would close the connection on it.
 * Stateless, so one instance serves every channel.
 */
@Sharable
public final class EnvelopeEncoder extends MessageToByteEncoder<Envelope> {
    private final int maxFrameBytes;

    public EnvelopeEncoder(int maxFrameBytes) {
        super(Envelope.class);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Envelope message, boolean preferDirect) {
        int size = FrameLimits.LENGTH_PREFIX_BYTES + message.getSerializedSize();
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope message, ByteBuf out) throws IOException {
        int size = message.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new EncoderException("refusing to send a " + message.getBodyCase() + " envelope of " + size
                    + " bytes: the maximum frame size is " + maxFrameBytes);
        }
        out.writeInt(size);
        out.ensureWritable(size);
        // Serialize straight into the buffer's memory; nioBuffer shares it for the single buffers allocated above.
        CodedOutputStream coded = CodedOutputStream.newInstance(out.nioBuffer(out.writerIndex(), size));
        message.writeTo(coded);
        coded.checkNoSpaceLeft();
        out.writerIndex(out.writerIndex() + size);
    }
}
