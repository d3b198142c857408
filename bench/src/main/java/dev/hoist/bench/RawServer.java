package dev.hoist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The raw baseline's server, a process of its own like the controller: plain Netty, mutual TLS, a
 * length-prefixed frame, no Hoist logic and no store. On {@code send} (a line on stdin) it writes one
 * command to every connection; it answers each connection's last report ({@link RawMessages#RESULT}) with an
 * acknowledgement. On {@code sequential} (the rolling baseline) it sends the command to one connection at a time,
 * the next one once the previous connection's result has been acknowledged. Prints {@code READY} once listening
 * and {@code SENT n} after a send (after the last acknowledgement for {@code sequential}).
 */
public final class RawServer {
    private RawServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SslContext tls = RawTls.server(Path.of(args[1]));
        AtomicReference<CompletableFuture<Channel>> awaited = new AtomicReference<>();
        ChannelHandler encoder = new LengthFieldPrepender(4);
        try (RawListener listener = new RawListener(port, tls, 4096, pipeline -> pipeline
                .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                .addLast(encoder)
                .addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf frame = (ByteBuf) msg;
                        try {
                            if (frame.getByte(frame.readerIndex()) == RawMessages.RESULT) {
                                ctx.writeAndFlush(RawMessages.message(ctx.alloc(), RawMessages.ACK, 40))
                                        .addListener(written -> {
                                            CompletableFuture<Channel> waiting = awaited.get();
                                            if (waiting != null) {
                                                waiting.complete(ctx.channel());
                                            }
                                        });
                            }
                        } finally {
                            ReferenceCountUtil.release(frame);
                        }
                    }
                }))) {
            ChannelGroup all = listener.connections;
            listener.serve(Map.of("send", () -> {
                int sent = 0;
                for (Channel channel : all) {
                    channel.writeAndFlush(RawMessages.message(channel.alloc(), RawMessages.COMMAND, 300));
                    sent++;
                }
                return sent;
            }, "sequential", () -> {
                List<Channel> channels = new ArrayList<>(all);
                for (Channel channel : channels) {
                    CompletableFuture<Channel> done = new CompletableFuture<>();
                    awaited.set(done);
                    channel.writeAndFlush(RawMessages.message(channel.alloc(), RawMessages.COMMAND, 300));
                    Channel answered = done.get(60, TimeUnit.SECONDS);
                    if (answered != channel) {
                        throw new IllegalStateException("a result came from a connection that had no command");
                    }
                }
                awaited.set(null);
                return channels.size();
            }));
        }
    }
}
