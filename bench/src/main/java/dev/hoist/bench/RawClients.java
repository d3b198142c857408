package dev.hoist.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw baseline's clients, in the swarm's JVM on as many event loops: N mutual-TLS connections that
 * answer a command with {@code messagesUp} messages (the last one the result), one flush each, like an
 * agent's reports. Lost connections come back after 100-300 ms.
 */
final class RawClients implements AutoCloseable {
    private final EventLoopGroup loops;
    private final SslContext tls;
    private final int port;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    final long[] commandAt;
    final long[] acknowledgedAt;
    private volatile int messagesUp = 20;
    private volatile boolean closing;

    RawClients(SslContext tls, int port, int count, int ioThreads) {
        this.tls = tls;
        this.port = port;
        this.loops = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        this.commandAt = new long[count];
        this.acknowledgedAt = new long[count];
    }

    void messagesUp(int count) {
        this.messagesUp = Math.max(1, count);
    }

    int connected() {
        return connected.get();
    }

    void reset() {
        java.util.Arrays.fill(commandAt, 0);
        java.util.Arrays.fill(acknowledgedAt, 0);
    }

    /** Connects all, at most {@code inFlight} handshakes at a time; returns the seconds it took. */
    double connectAll(int inFlight, Duration deadline) throws InterruptedException {
        long started = System.nanoTime();
        long end = started + deadline.toNanos();
        for (int i = 0; i < commandAt.length; i++) {
            while (i - connected.get() >= inFlight) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("raw clients: deadline passed with " + connected.get() + " connected");
                }
                Thread.sleep(2);
            }
            connect(i);
        }
        awaitConnected(commandAt.length, end);
        return (System.nanoTime() - started) / 1e9;
    }

    void awaitConnected(int count, long end) throws InterruptedException {
        while (connected.get() < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("raw clients: deadline passed with " + connected.get() + " connected");
            }
            Thread.sleep(5);
        }
    }

    private void connect(int index) {
        if (closing) {
            return;
        }
        new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc(), "127.0.0.1", port);
                        ssl.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                connected.incrementAndGet();
                                ch.closeFuture().addListener(closed -> connected.decrementAndGet());
                            } else if (failures.getAndIncrement() < 3) {
                                System.err.println("raw client: handshake failed: " + done.cause());
                            }
                        });
                        ch.pipeline().addLast(ssl)
                                .addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4))
                                .addLast(new LengthFieldPrepender(4))
                                .addLast(new Client(index));
                    }
                })
                .connect("127.0.0.1", port).addListener(future -> {
                    if (!future.isSuccess()) {
                        retry(index);
                    } else {
                        ((io.netty.channel.ChannelFuture) future).channel().closeFuture().addListener(c -> retry(index));
                    }
                });
    }

    private void retry(int index) {
        if (!closing) {
            loops.schedule(() -> connect(index), 100 + ThreadLocalRandom.current().nextInt(200), TimeUnit.MILLISECONDS);
        }
    }

    private final class Client extends ChannelInboundHandlerAdapter {
        private final int index;

        Client(int index) {
            this.index = index;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            byte type = frame.getByte(frame.readerIndex());
            ReferenceCountUtil.release(frame);
            if (type == RawMessages.COMMAND) {
                commandAt[index] = System.nanoTime();
                Channel channel = ctx.channel();
                int up = messagesUp;
                for (int i = 1; i < up; i++) {
                    channel.writeAndFlush(RawMessages.message(ctx.alloc(), RawMessages.REPORT, 150));
                }
                channel.writeAndFlush(RawMessages.message(ctx.alloc(), RawMessages.RESULT, 120));
            } else if (type == RawMessages.ACK) {
                acknowledgedAt[index] = System.nanoTime();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
