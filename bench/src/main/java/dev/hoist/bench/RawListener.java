package dev.hoist.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * What the raw servers ({@link RawServer}, {@link RawBundleServer}) share: plain Netty on a loopback port,
 * each connection's pipeline TLS first, then the server's own handlers, then one that keeps the open
 * connections in {@link #connections}, drops what reaches it and closes a connection on an error; and the
 * stdin protocol {@link RawServerProcess} drives: {@code READY <provider>} once listening, then a command a
 * line, each answered {@code SENT n}.
 */
final class RawListener implements AutoCloseable {
    final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());

    /** @param handlers adds the server's own handlers, after TLS; they pass on errors they do not handle */
    RawListener(int port, SslContext tls, int backlog, Consumer<ChannelPipeline> handlers)
            throws InterruptedException {
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        handlers.accept(ch.pipeline());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                connections.add(ctx.channel());
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
    }

    /**
     * Prints {@code READY}, then runs the command each line of stdin names and prints {@code SENT n} with the
     * count it returns; returns when stdin ends.
     */
    void serve(Map<String, Callable<Integer>> commands) throws Exception {
        System.out.println("READY " + RawTls.providerName());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            Callable<Integer> command = commands.get(line);
            if (command != null) {
                int sent = command.call();
                System.out.println("SENT " + sent);
                System.out.flush();
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownGracefully();
        boss.shutdownGracefully();
    }
}
