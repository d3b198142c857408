package dev.hoist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The raw baseline's messages: a type byte and filler, about the size of Hoist's. */
final class RawMessages {
    static final byte COMMAND = 1;
    static final byte REPORT = 2;
    static final byte ACK = 3;
    static final byte RESULT = 4;

    private RawMessages() {
    }

    static ByteBuf message(ByteBufAllocator alloc, byte type, int size) {
        ByteBuf buf = alloc.buffer(size);
        buf.writeByte(type);
        buf.writeZero(size - 1);
        return buf;
    }
}
