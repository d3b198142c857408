package dev.hoist.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        AtomicReference<CompletableFuture<Channel>> awaited = new AtomicReference<>();
        ChannelHandler encoder = new LengthFieldPrepender(4);
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(io.netty.channel.ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()))
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(encoder)
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        all.add(ctx.channel());
                                    }

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

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                }).bind("127.0.0.1", port).sync();
        System.out.println("READY " + RawTls.providerName());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("send")) {
                int sent = 0;
                for (Channel channel : all) {
                    channel.writeAndFlush(RawMessages.message(channel.alloc(), RawMessages.COMMAND, 300));
                    sent++;
                }
                System.out.println("SENT " + sent);
                System.out.flush();
            } else if (line.equals("sequential")) {
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
                System.out.println("SENT " + channels.size());
                System.out.flush();
            }
        }
        workers.shutdownGracefully();
        boss.shutdownGracefully();
    }
}
