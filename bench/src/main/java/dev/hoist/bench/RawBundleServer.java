package dev.hoist.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bundle benchmark's raw server, a process of its own like the controller: plain Netty, mutual TLS 1.3,
 * no Hoist logic, no framing, no store. On {@code send} (a line on stdin) it streams the file named by its third
 * argument to every connection in 256 KiB chunks read from the file ({@link ChunkedNioFile}), as fast as each
 * connection takes them (Netty's writability, so nothing piles up in memory). Prints {@code READY} once listening
 * and {@code SENT n} once every stream is queued.
 */
public final class RawBundleServer {
    static final int CHUNK = 256 * 1024;

    private RawBundleServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SslContext tls = RawTls.server(Path.of(args[1]));
        Path file = Path.of(args[2]);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()))
                                .addLast(new ChunkedWriteHandler())
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        all.add(ctx.channel());
                                    }

                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg);
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
                    channel.writeAndFlush(new ChunkedNioFile(open(file), CHUNK));
                    sent++;
                }
                System.out.println("SENT " + sent);
                System.out.flush();
            }
        }
        workers.shutdownGracefully();
        boss.shutdownGracefully();
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
