package dev.hoist.controller.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the TLS handshakes the gateway works on at once. When a whole fleet reconnects (a controller
 * restart), every handshake shares the same CPU: past a few hundred at once, each takes longer than the
 * agents' handshake timeout and they all fail together, so the work is wasted and done again. A
 * connection beyond the bound is closed at once, before any crypto; its agent comes back after its
 * jittered back-off, by which time the handshakes ahead of it have finished.
 */
final class HandshakeGate {
    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    HandshakeGate(int limit) {
        this.limit = limit;
    }

    /** A slot for a new connection's handshake, or {@code null} when the gateway is at its bound. */
    ChannelHandler admit() {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return null;
        }
        return new Slot();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Gives the slot back once, when the handshake ends either way or the connection closes first. */
    private final class Slot extends ChannelInboundHandlerAdapter {
        private boolean released;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent) {
                release();
                ctx.pipeline().remove(this);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            release();
            super.channelInactive(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            release();
        }

        private void release() {
            if (!released) {
                released = true;
                inFlight.decrementAndGet();
            }
        }
    }
}
