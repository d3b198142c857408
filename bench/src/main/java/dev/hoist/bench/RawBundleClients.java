package dev.hoist.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bundle benchmark's raw receivers, in the swarm's JVM on as many event loops as the swarm's agents:
 * N mutual-TLS connections to {@link RawBundleServer}, each hashing with SHA-256 what it receives and noting
 * when it has the whole file and whether its digest is the expected one.
 */
final class RawBundleClients implements AutoCloseable {
    private final EventLoopGroup loops;
    private final SslContext tls;
    private final int port;
    private final long size;
    private final String sha256;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger wrongDigests = new AtomicInteger();
    final long[] doneAt;

    RawBundleClients(SslContext tls, int port, int count, int ioThreads, long size, String sha256) {
        this.tls = tls;
        this.port = port;
        this.size = size;
        this.sha256 = sha256;
        this.loops = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        this.doneAt = new long[count];
    }

    void reset() {
        Arrays.fill(doneAt, 0);
    }

    int wrongDigests() {
        return wrongDigests.get();
    }

    void connectAll(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (int i = 0; i < doneAt.length; i++) {
            int index = i;
            new Bootstrap().group(loops).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler ssl = tls.newHandler(ch.alloc(), "127.0.0.1", port);
                            ssl.handshakeFuture().addListener(done -> {
                                if (done.isSuccess()) {
                                    connected.incrementAndGet();
                                }
                            });
                            ch.pipeline().addLast(ssl).addLast(new Receiver(index));
                        }
                    }).connect("127.0.0.1", port);
        }
        while (connected.get() < doneAt.length) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("raw bundle clients: " + connected.get() + " of " + doneAt.length
                        + " connected at the deadline");
            }
            Thread.sleep(5);
        }
    }

    private final class Receiver extends ChannelInboundHandlerAdapter {
        private final int index;
        private final MessageDigest digest = sha256();
        private long received;

        Receiver(int index) {
            this.index = index;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                received += data.readableBytes();
                for (ByteBuffer part : data.nioBuffers()) {
                    digest.update(part);
                }
            } finally {
                data.release();
            }
            if (received == size) {
                if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
                    wrongDigests.incrementAndGet();
                }
                received = 0;
                doneAt[index] = System.nanoTime();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
